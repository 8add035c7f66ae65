using Growbin.Knowledge;

namespace Growbin.RecycleInfo;

/// <summary>The public JSON shapes of recycle-info. Built from the dataset; nothing here is stored.</summary>
public sealed record CategoryRef(string Id, string NameKo, string NameEn)
{
    public static CategoryRef From(Category category) => new(category.Id, category.NameKo, category.NameEn);
}

public sealed record SourceResponse(string Id, string Title, string Publisher, string? Url);

public sealed record ExceptionResponse(string When, CategoryRef Category);

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

/// <param name="Score">How well the item matched the query (0–1); absent when listing without a query.</param>
/// <param name="MatchKind">How it matched: id, name, nameWithoutParticle, contains, fuzzy; absent without a query.</param>
public sealed record ItemSummary(string Id, string NameKo, string NameEn, CategoryRef Category, double? Score = null, string? MatchKind = null);

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

public sealed record CategoryResponse(
    string Id,
    string NameKo,
    string NameEn,
    IReadOnlyList<string> HowTo,
    string Where,
    int ItemCount,
    IReadOnlyList<SourceResponse> Sources);

public sealed record CategoryListResponse(IReadOnlyList<CategoryResponse> Categories, string DatasetVersion);

public sealed record ItemRef(string Id, string NameKo, string NameEn);

public sealed record FaqResponse(
    string Id,
    string Question,
    string Answer,
    IReadOnlyList<ItemRef> Items,
    IReadOnlyList<CategoryRef> Categories,
    IReadOnlyList<SourceResponse> Sources);

public sealed record FaqListResponse(string? Item, string? Category, int Total, IReadOnlyList<FaqResponse> Entries, string DatasetVersion);

public sealed record GuidePointResponse(string Title, string Text);

public sealed record GuideSectionResponse(
    string Id,
    string Title,
    string Summary,
    IReadOnlyList<GuidePointResponse> Points,
    IReadOnlyList<ItemRef> Items,
    IReadOnlyList<CategoryRef> Categories,
    IReadOnlyList<SourceResponse> Sources);

/// <param name="Principles">The four principles (비우기, 헹구기, 분리하기, 섞지 않기), in order.</param>
/// <param name="Sections">Recycling marks, clear PET, bulky waste and local rules.</param>
public sealed record GuideResponse(IReadOnlyList<GuideSectionResponse> Principles, IReadOnlyList<GuideSectionResponse> Sections, string DatasetVersion);
