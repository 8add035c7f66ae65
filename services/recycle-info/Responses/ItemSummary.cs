namespace Growbin.RecycleInfo;

/// <param name="Score">How well the item matched the query (0–1); absent when listing without a query.</param>
/// <param name="MatchKind">How it matched: id, name, nameWithoutParticle, contains, fuzzy; absent without a query.</param>
public sealed record ItemSummary(string Id, string NameKo, string NameEn, CategoryRef Category, double? Score = null, string? MatchKind = null);
