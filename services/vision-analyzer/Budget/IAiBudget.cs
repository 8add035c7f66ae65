namespace Growbin.VisionAnalyzer.Budget;

/// <summary>
/// How an app consults the daily AI budget before a model call. Production: <see cref="ActorAiBudget"/> (today's
/// <see cref="IAiBudgetActor"/> through its sidecar); tests host the real actor in process.
/// </summary>
public interface IAiBudget
{
    /// <summary>Reserves calls on today's budget. The decision's <c>Usage.Day</c> is the day to charge the usage to.</summary>
    Task<BudgetDecision> TryReserveAsync(int calls, CancellationToken cancellationToken);

    /// <summary>Adds a call's tokens and cost to the day it was reserved on.</summary>
    Task RecordUsageAsync(string day, AiUsage usage, CancellationToken cancellationToken);
}
