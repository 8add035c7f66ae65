namespace Growbin.Knowledge;

/// <summary>Whether a rule is a region's own or the national one.</summary>
public enum RuleScope
{
    /// <summary>The dataset's national rule (the item itself).</summary>
    National,

    /// <summary>A 시·도 or 시·군·구 rule from data/regions.</summary>
    Local,
}

/// <summary>
/// How to put an item out for a person in a region: the region's own rule when it has one (<see cref="Scope"/> =
/// Local, <see cref="Region"/> says whose), else the national rule. <see cref="National"/> is always the item itself, the
/// fallback an answer shows beside a local rule.
/// </summary>
public sealed record ItemRule(Item National, RuleScope Scope, RegionRules? Region, RegionalRule? Local)
{
    public string CategoryId => Local?.CategoryId ?? National.CategoryId;

    public IReadOnlyList<string> StepsIn(TextLanguage language) =>
        Local is null ? National.StepsIn(language) : language == TextLanguage.En ? Local.StepsEn : Local.Steps;

    public IReadOnlyList<string> CautionsIn(TextLanguage language) =>
        Local is null ? National.CautionsIn(language) : language == TextLanguage.En ? Local.CautionsEn : Local.Cautions;

    public string? DropOffIn(TextLanguage language) =>
        Local is null ? National.DropOffIn(language) : language == TextLanguage.En ? Local.DropOffEn : Local.DropOff;

    public IReadOnlyList<string> SourceIds => Local?.SourceIds ?? National.SourceIds;

    /// <summary>"서울특별시" / "Seoul" for a local rule, null for the national one.</summary>
    public string? RegionNameIn(TextLanguage language) =>
        Region is null ? null : language == TextLanguage.En ? Region.NameEn : Region.Name.ToString();
}
