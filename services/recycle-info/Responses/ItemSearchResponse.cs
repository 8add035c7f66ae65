namespace Growbin.RecycleInfo;

/// <param name="Confident">With a query: whether the first item is a confident answer. Absent without a query.</param>
/// <param name="FallbackCategory">When no item matched but the query names a category, that category; the items are its items.</param>
public sealed record ItemSearchResponse(
    string? Query,
    string? Category,
    int Page,
    int PageSize,
    int Total,
    bool? Confident,
    CategoryRef? FallbackCategory,
    IReadOnlyList<ItemSummary> Items,
    string DatasetVersion);
