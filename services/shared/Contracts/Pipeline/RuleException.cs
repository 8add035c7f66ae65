namespace Growbin.Contracts.Pipeline;

/// <param name="Condition">The <see cref="ItemConditions"/> value that triggers it, when a photo can show it.</param>
public sealed record RuleException(string When, string? Condition, RuleCategory Category);
