using Growbin.Ai.Budget;
using Growbin.TestSupport.Actors;
using Microsoft.Extensions.Options;

namespace Growbin.TestSupport.Ai;

/// <summary>
/// <see cref="IAiBudget"/> over the real <see cref="AiBudgetActor"/>, one per day as in production, each hosted by an
/// <see cref="ActorTestHost"/> instead of a sidecar. Calls are serialized, as the actor runtime's turns are. Any app's
/// tests can put it in place of <see cref="ActorAiBudget"/>.
/// </summary>
public sealed class InProcessAiBudget(IOptionsMonitor<AiBudgetOptions> options, TimeProvider time) : IAiBudget
{
    private readonly SemaphoreSlim _turns = new(1, 1);
    private readonly Dictionary<string, (ActorTestHost Host, AiBudgetActor Actor)> _actors = new(StringComparer.Ordinal);

    /// <summary>The days whose actor has been activated.</summary>
    public IReadOnlyCollection<string> Days => _actors.Keys.ToList();

    public Task<BudgetDecision> TryReserveAsync(int calls, CancellationToken cancellationToken) =>
        OnActorAsync(AiBudgetDay.Of(time.GetUtcNow()), actor => actor.TryReserveAsync(calls));

    public Task RecordUsageAsync(string day, AiUsage usage, CancellationToken cancellationToken) =>
        OnActorAsync(day, actor => actor.RecordUsageAsync(usage));

    public Task<AiBudgetUsage> GetUsageAsync(string day, CancellationToken cancellationToken) =>
        OnActorAsync(day, actor => actor.GetAsync());

    public Task<AiBudgetUsage> GetTodayAsync() => GetUsageAsync(AiBudgetDay.Of(time.GetUtcNow()), CancellationToken.None);

    private async Task<T> OnActorAsync<T>(string day, Func<AiBudgetActor, Task<T>> call)
    {
        await _turns.WaitAsync();
        try
        {
            if (!_actors.TryGetValue(day, out var hosted))
            {
                var host = ActorTestHost.Create<AiBudgetActor>(day, time);
                hosted = (host, await host.ActivateAsync(h => new AiBudgetActor(h, options)));
                _actors[day] = hosted;
            }

            return await hosted.Host.InvokeAsync(hosted.Actor, call);
        }
        finally
        {
            _turns.Release();
        }
    }
}
