namespace Growbin.ServiceDefaults.Locks;

/// <summary>A held <see cref="ImageLock"/>; disposing it releases the lock.</summary>
public sealed class ImageLease : IAsyncDisposable
{
    private readonly Func<Task> _release;
    private int _released;

    internal ImageLease(Func<Task> release) => _release = release;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            await _release();
        }
    }
}
