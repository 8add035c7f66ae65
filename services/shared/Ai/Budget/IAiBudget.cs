namespace Growbin.Ai.Budget;

/// <summary>
/// How an app consults the daily AI budget before a model call, and reads a day's totals. Production:
/// <see cref="ActorAiBudget"/> in the app that hosts the actor (<see cref="AiBudgetServiceCollectionExtensions.AddAiBudgetHost"/>),
/// <see cref="InvokedAiBudget"/> in every other app (<see cref="AiBudgetServiceCollectionExtensions.AddAiBudgetClient"/>);
/// tests host the real actor in process.
/// <para>
/// The caller names each model call once (<see cref="AiBudgetReservation.NewId"/>) and passes that id to both the
/// reservation and the usage record, so a repeated request, by a sidecar or a retry, is counted once.
/// </para>
/// </summary>
public interface IAiBudget
{
    /// <summary>Reserves calls on today's budget. The decision's <c>Usage.Day</c> is the day to charge the usage to.</summary>
    Task<BudgetDecision> TryReserveAsync(string reservationId, int calls, CancellationToken cancellationToken);

    /// <summary>Adds a call's tokens and cost to the day it was reserved on, once per reservation; returns the day's totals.</summary>
    Task<AiBudgetUsage> RecordUsageAsync(string day, string reservationId, AiUsage usage, CancellationToken cancellationToken);

    /// <summary>A day's totals and limits (<see cref="AiBudgetDay"/> format); a day without calls has zero totals.</summary>
    Task<AiBudgetUsage> GetUsageAsync(string day, CancellationToken cancellationToken);
}
