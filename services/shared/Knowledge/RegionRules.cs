namespace Growbin.Knowledge;

/// <summary>
/// One region's own rules (a file in data/regions): a 시·도, or a 시·군·구 within one when <paramref name="Sigungu"/> is
/// set. A 시·군·구's rule for an item wins over its 시·도's, which wins over the national rule.
/// </summary>
/// <param name="Sido">The full 시·도 name, e.g. "서울특별시".</param>
/// <param name="Sigungu">The 시·군·구 as the public data writes it ("마포구", "성남시 분당구"), or null for the whole 시·도.</param>
/// <param name="NameEn">The region in English, e.g. "Seoul" or "Mapo-gu, Seoul".</param>
public sealed record RegionRules(string Sido, string? Sigungu, string NameEn, IReadOnlyList<RegionalRule> Rules)
{
    public RegionName Name => new(Sido, Sigungu);
}

/// <summary>How a region puts an item out where that differs from the national rule.</summary>
/// <param name="ItemId">The item (data/items) the rule replaces the national rule of.</param>
/// <param name="CategoryId">Where it goes in this region.</param>
/// <param name="Steps">What to do there, in order; <paramref name="StepsEn"/> one for one.</param>
/// <param name="SourceIds">The region's own source (dataset.json), at least one.</param>
public sealed record RegionalRule(
    string ItemId,
    string CategoryId,
    IReadOnlyList<string> Steps,
    IReadOnlyList<string> StepsEn,
    IReadOnlyList<string> Cautions,
    IReadOnlyList<string> CautionsEn,
    string? DropOff,
    string? DropOffEn,
    IReadOnlyList<string> SourceIds);
