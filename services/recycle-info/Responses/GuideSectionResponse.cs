namespace Growbin.RecycleInfo;

public sealed record GuideSectionResponse(
    string Id,
    string Title,
    string Summary,
    IReadOnlyList<GuidePointResponse> Points,
    IReadOnlyList<ItemRef> Items,
    IReadOnlyList<CategoryRef> Categories,
    IReadOnlyList<SourceResponse> Sources);
