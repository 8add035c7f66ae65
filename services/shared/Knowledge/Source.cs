namespace Growbin.Knowledge;

/// <summary>Where a fact comes from. Every category and item cites at least one.</summary>
/// <param name="Edition">The edition, notice date or year the facts were taken from (e.g. "2020-12", "2023").</param>
/// <param name="Url">Where a reader can check it.</param>
public sealed record Source(string Id, string Title, string Publisher, string? Url = null, string? Edition = null);
