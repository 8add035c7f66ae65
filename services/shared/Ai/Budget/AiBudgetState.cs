namespace Growbin.Ai.Budget;

/// <summary>
/// What <see cref="AiBudgetActor"/> persists (limits are configuration, read on every call): the day's totals, and the
/// ids of the latest granted reservations and recorded charges, so a repeat of either is recognised. Both lists keep
/// the newest <see cref="AiBudgetActor.RememberedOperations"/> ids; state saved before they existed reads them as null.
/// </summary>
internal sealed record AiBudgetState(
    int Calls,
    long PromptTokens,
    long CompletionTokens,
    decimal CostUsd,
    IReadOnlyList<string>? Reserved = null,
    IReadOnlyList<string>? Charged = null)
{
    public static readonly AiBudgetState Empty = new(0, 0, 0, 0m);
}
