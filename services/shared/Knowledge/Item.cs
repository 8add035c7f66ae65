namespace Growbin.Knowledge;

/// <summary>One thing a person might throw away.</summary>
/// <param name="StepsEn">The <paramref name="Steps"/> in English, one for one.</param>
/// <param name="CautionsEn">The <paramref name="Cautions"/> in English, one for one.</param>
/// <param name="DropOffEn">The <paramref name="DropOff"/> in English; set exactly when DropOff is.</param>
/// <param name="LocalNote">
/// Where <paramref name="LocalRulesDiffer"/>: the other rule some 시·군·구 apply, in one Korean sentence
/// (e.g. "서울 등 일부 지역은 …"). The national rule is <paramref name="Steps"/>; a region's own rule is in data/regions.
/// </param>
/// <param name="LocalNoteEn">The <paramref name="LocalNote"/> in English; set exactly when LocalNote is.</param>
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
    IReadOnlyList<string> SourceIds,
    IReadOnlyList<string> StepsEn,
    IReadOnlyList<string> CautionsEn,
    string? DropOffEn,
    string? LocalNote = null,
    string? LocalNoteEn = null);
