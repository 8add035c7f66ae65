namespace Growbin.Ai.Budget;

/// <summary>
/// One day's AI spending against its limits: what task-scheduler writes to growbin.ai_usage_daily and what the budget
/// alerts (80 %, 100 %) watch. <see cref="Calls"/> counts reserved calls, including ones that failed: a call that
/// reached the provider may have been billed.
/// </summary>
/// <param name="CostLimitUsd">Null when only the call count is limited.</param>
public sealed record AiBudgetUsage(
    string Day,
    int Calls,
    long PromptTokens,
    long CompletionTokens,
    decimal CostUsd,
    int CallLimit,
    decimal? CostLimitUsd);
