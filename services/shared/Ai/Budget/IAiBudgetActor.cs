using Dapr.Actors;

namespace Growbin.Ai.Budget;

/// <summary>
/// The daily AI budget: one actor per UTC day (actor id <c>yyyy-MM-dd</c>, see <see cref="AiBudgetDay"/>), hosted by
/// vision-analyzer and shared by every app that pays for model calls. Turn-based, so two replicas reserving at once
/// cannot both take the last call. Each method takes at most one argument, so it can be invoked without remoting:
/// <c>PUT /v1.0/actors/AiBudgetActor/{day}/method/{name}</c> with a JSON body.
/// </summary>
public interface IAiBudgetActor : IActor
{
    /// <summary>Counts <paramref name="calls"/> model calls against today's limits, or refuses them all.</summary>
    Task<BudgetDecision> TryReserveAsync(int calls);

    /// <summary>Adds what a reserved call actually cost; returns the day's totals.</summary>
    Task<AiBudgetUsage> RecordUsageAsync(AiUsage usage);

    /// <summary>The day's totals and limits.</summary>
    Task<AiBudgetUsage> GetAsync();
}
