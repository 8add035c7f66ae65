namespace Growbin.Knowledge;

/// <summary>One thing a person might throw away.</summary>
public sealed record Item(
    string Id,
    string NameKo,
    string NameEn,
    IReadOnlyList<string> Aliases,
    string CategoryId,
    IReadOnlyList<string> Steps,
    IReadOnlyList<string> Cautions,
    IReadOnlyList<ItemException> Exceptions,
    string? DropOff,
    bool LocalRulesDiffer,
    IReadOnlyList<string> SourceIds);
