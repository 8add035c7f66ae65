namespace Growbin.Knowledge;

/// <summary>Where a fact comes from. Every category and item cites at least one.</summary>
public sealed record Source(string Id, string Title, string Publisher, string? Url = null);
