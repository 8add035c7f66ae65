namespace Growbin.Ai.Budget;

/// <summary>What one model call cost.</summary>
public sealed record AiUsage(int PromptTokens, int CompletionTokens, decimal CostUsd);
