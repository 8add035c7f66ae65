namespace Growbin.Ai.Budget;

/// <summary>The answer to a reservation: allowed or not, why not, and the day's totals after it.</summary>
public sealed record BudgetDecision(bool Allowed, string? Reason, AiBudgetUsage Usage);
