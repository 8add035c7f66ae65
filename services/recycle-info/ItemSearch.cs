using Growbin.Knowledge;

namespace Growbin.RecycleInfo;

/// <summary>
/// <c>GET /api/v1/recycle/items</c>: with <c>query</c>, the matcher's ranked candidates (or, when the words name a
/// category and no item, that category's items); without it, every item in Korean name order. Optionally narrowed to
/// one category, then paged.
/// </summary>
public sealed class ItemSearch(KnowledgeBase knowledge, ItemMatcher matcher, RecycleCatalog catalog)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 50;
    public const int MaxPage = 1000;
    public const int MaxQueryLength = 100;

    /// <summary>A search ranks at most this many candidates; beyond them the scores are noise.</summary>
    public const int MaxMatches = 50;

    private readonly IReadOnlyList<Item> _byName = knowledge.Items.OrderBy(i => i.NameKo, StringComparer.Ordinal).ThenBy(i => i.Id, StringComparer.Ordinal).ToList();

    /// <summary>Checks the parameters; an empty dictionary means they are fine.</summary>
    public Dictionary<string, string[]> Validate(string? query, string? category, int page, int pageSize)
    {
        var errors = new Dictionary<string, string[]>();
        if (query is not null && string.IsNullOrWhiteSpace(query))
        {
            errors["query"] = ["query must not be blank; leave it out to list every item."];
        }
        else if (query is { Length: > MaxQueryLength })
        {
            errors["query"] = [$"query must be at most {MaxQueryLength} characters."];
        }

        if (category is not null && !catalog.HasCategory(category))
        {
            errors["category"] = [$"Unknown category '{category}'. GET /api/v1/recycle/categories lists them."];
        }

        if (page is < 1 or > MaxPage)
        {
            errors["page"] = [$"page must be between 1 and {MaxPage}."];
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"pageSize must be between 1 and {MaxPageSize}."];
        }

        return errors;
    }

    public ItemSearchResponse Search(string? query, string? category, int page, int pageSize)
    {
        bool? confident = null;
        CategoryRef? fallback = null;
        List<ItemSummary> hits;
        if (query is null)
        {
            hits = _byName.Select(i => catalog.Summarize(i)).ToList();
        }
        else
        {
            var match = matcher.Match(query, MaxMatches);
            confident = match.IsConfident;
            hits = match.Candidates.Select(c => catalog.Summarize(c.Item, c.Score, c.Kind)).ToList();
            if (match.Category is { } named)
            {
                fallback = CategoryRef.From(named);
                hits = _byName.Where(i => i.CategoryId == named.Id).Select(i => catalog.Summarize(i)).ToList();
            }
        }

        if (category is not null)
        {
            hits = hits.Where(h => h.Category.Id == category).ToList();
        }

        var pageItems = hits.Skip((page - 1) * pageSize).Take(pageSize).ToList();
        return new ItemSearchResponse(query, category, page, pageSize, hits.Count, confident, fallback, pageItems, knowledge.Version);
    }
}
