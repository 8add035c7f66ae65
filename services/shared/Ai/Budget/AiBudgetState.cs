namespace Growbin.Ai.Budget;

/// <summary>What <see cref="AiBudgetActor"/> persists (limits are configuration, read on every call).</summary>
internal sealed record AiBudgetState(int Calls, long PromptTokens, long CompletionTokens, decimal CostUsd)
{
    public static readonly AiBudgetState Empty = new(0, 0, 0, 0m);
}
