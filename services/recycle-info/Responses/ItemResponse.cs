namespace Growbin.RecycleInfo;

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
    IReadOnlyList<SourceResponse> Sources,
    string DatasetVersion);
