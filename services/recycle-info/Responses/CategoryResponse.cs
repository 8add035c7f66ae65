namespace Growbin.RecycleInfo;

public sealed record CategoryResponse(
    string Id,
    string NameKo,
    string NameEn,
    IReadOnlyList<string> HowTo,
    string Where,
    int ItemCount,
    IReadOnlyList<SourceResponse> Sources);
