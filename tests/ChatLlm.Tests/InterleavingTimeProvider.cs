namespace Growbin.ChatLlm.Tests;

/// <summary>
/// A clock that runs a rival writer the next times it is read. The store reads the clock between reading a
/// conversation and writing it back, so the rival lands exactly inside that window: a deterministic race.
/// </summary>
internal sealed class InterleavingTimeProvider(TimeProvider inner) : TimeProvider
{
    private readonly Queue<Action> _rivals = new();

    public int RivalsRun { get; private set; }

    public void Next(Action rival) => _rivals.Enqueue(rival);

    public override DateTimeOffset GetUtcNow()
    {
        if (_rivals.TryDequeue(out var rival))
        {
            RivalsRun++;
            rival();
        }

        return inner.GetUtcNow();
    }
}
