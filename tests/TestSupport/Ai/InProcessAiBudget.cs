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

    private readonly List<string> _reservationIds = [];
    private readonly List<string> _chargedIds = [];

    /// <summary>The days whose actor has been activated.</summary>
    public IReadOnlyCollection<string> Days => _actors.Keys.ToList();

    /// <summary>Every state the days' actors saved, with what it has left to live (null: no TTL).</summary>
    public IReadOnlyList<(string Day, string State, TimeSpan? Ttl)> SavedStates()
    {
        _turns.Wait();
        try
        {
            return _actors.SelectMany(a => a.Value.Host.State.SavedStateNames.Select(n => (a.Key, n, a.Value.Host.State.SavedTtlOf(n))))
                .OrderBy(s => s.Key, StringComparer.Ordinal).ToList();
        }
        finally
        {
            _turns.Release();
        }
    }

    /// <summary>The id of every reservation asked for, in order (repeats included).</summary>
    public IReadOnlyList<string> ReservationIds
    {
        get
        {
            lock (_reservationIds)
            {
                return _reservationIds.ToList();
            }
        }
    }

    /// <summary>The reservation id of every usage record sent, in order (repeats included).</summary>
    public IReadOnlyList<string> ChargedIds
    {
        get
        {
            lock (_chargedIds)
            {
                return _chargedIds.ToList();
            }
        }
    }

    public Task<BudgetDecision> TryReserveAsync(string reservationId, int calls, CancellationToken cancellationToken)
    {
        lock (_reservationIds)
        {
            _reservationIds.Add(reservationId);
        }

        return OnActorAsync(AiBudgetDay.Of(time.GetUtcNow()), actor => actor.TryReserveAsync(new AiBudgetReservation(reservationId, calls)));
    }

    public Task<AiBudgetUsage> RecordUsageAsync(string day, string reservationId, AiUsage usage, CancellationToken cancellationToken)
    {
        lock (_chargedIds)
        {
            _chargedIds.Add(reservationId);
        }

        return OnActorAsync(day, actor => actor.RecordUsageAsync(AiBudgetCharge.For(reservationId, usage)));
    }

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
