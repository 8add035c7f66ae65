namespace Growbin.Knowledge;

/// <summary>A kind of waste and how it is put out.</summary>
/// <param name="HowToEn">The <paramref name="HowTo"/> in English, one for one.</param>
/// <param name="WhereEn">The <paramref name="Where"/> in English.</param>
public sealed record Category(
    string Id,
    string NameKo,
    string NameEn,
    IReadOnlyList<string> HowTo,
    string Where,
    IReadOnlyList<string> SourceIds,
    IReadOnlyList<string> HowToEn,
    string WhereEn);
