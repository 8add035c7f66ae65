namespace Growbin.RecycleInfo;

public sealed record FaqResponse(
    string Id,
    string Question,
    string Answer,
    IReadOnlyList<ItemRef> Items,
    IReadOnlyList<CategoryRef> Categories,
    IReadOnlyList<SourceResponse> Sources);
