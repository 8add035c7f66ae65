namespace Growbin.RecycleInfo;

/// <param name="LocalNote">Where <paramref name="LocalRulesDiffer"/>: the other rule some 시·군·구 apply, or null.</param>
/// <param name="Region">The region asked for (normalised, e.g. "서울특별시 마포구"), or null.</param>
/// <param name="Language">"ko" or "en": the language of the texts (steps, cautions, where, …), chosen by Accept-Language; names come in both.</param>
/// <param name="Rule">The rule for <paramref name="Region"/>: its own when it has one, else the national rule.</param>
public sealed record ItemResponse(
    string Id,
    string NameKo,
    string NameEn,
    IReadOnlyList<string> Aliases,
    CategoryRef Category,
    string Where,
    IReadOnlyList<string> Steps,
    IReadOnlyList<string> Cautions,
    IReadOnlyList<ExceptionResponse> Exceptions,
    string? DropOff,
    bool LocalRulesDiffer,
    string? LocalNote,
    IReadOnlyList<SourceResponse> Sources,
    string? Region,
    ItemRuleResponse Rule,
    string Language,
    string DatasetVersion);
