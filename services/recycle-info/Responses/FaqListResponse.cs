namespace Growbin.RecycleInfo;

public sealed record FaqListResponse(string? Item, string? Category, int Total, IReadOnlyList<FaqResponse> Entries, string Language, string DatasetVersion);
