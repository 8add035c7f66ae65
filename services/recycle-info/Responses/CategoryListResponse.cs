namespace Growbin.RecycleInfo;

public sealed record CategoryListResponse(IReadOnlyList<CategoryResponse> Categories, string Language, string DatasetVersion);
