using Dapr.Actors;

namespace Growbin.Ai.Budget;

/// <summary>
/// The daily AI budget: one actor per UTC day (actor id <c>yyyy-MM-dd</c>, see <see cref="AiBudgetDay"/>), hosted by
/// vision-analyzer and shared by every app that pays for model calls. Turn-based, so two replicas reserving at once
/// cannot both take the last call. Each method takes at most one argument, so it can be invoked without remoting:
/// <c>PUT /v1.0/actors/AiBudgetActor/{day}/method/{name}</c> with a JSON body.
/// <para>
/// Safe to run twice: Dapr's actor router calls a method on another host again when the call failed Unavailable, which
/// can happen after the method ran (dapr/dapr pkg/actors/router/router.go callActor, policy
/// DaprBuiltInActorNotFoundRetries: 5 × 1 s, pkg/resiliency/resiliency.go), and a caller may repeat a call whose answer
/// it lost. Reservations and charges carry the caller's operation id; a repeat
/// gets the first outcome and counts nothing again.
/// </para>
/// </summary>
public interface IAiBudgetActor : IActor
{
    /// <summary>
    /// Counts the reservation's calls against today's limits, or refuses them all. A repeat of a granted reservation
    /// (same id) is granted again with the day's current totals, and counted once.
    /// </summary>
    Task<BudgetDecision> TryReserveAsync(AiBudgetReservation reservation);

    /// <summary>Adds what a reserved call actually cost, once per reservation id; returns the day's totals.</summary>
    Task<AiBudgetUsage> RecordUsageAsync(AiBudgetCharge charge);

    /// <summary>The day's totals and limits.</summary>
    Task<AiBudgetUsage> GetAsync();
}
