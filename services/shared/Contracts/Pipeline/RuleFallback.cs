namespace Growbin.Contracts.Pipeline;

/// <summary>The national rule, shown beside a region's own rule as what applies elsewhere.</summary>
public sealed record RuleFallback(RuleCategory Category, IReadOnlyList<string> Steps, string? DropOff);
