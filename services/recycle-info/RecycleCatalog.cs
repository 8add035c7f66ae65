using System.Text.Json;
using Growbin.Knowledge;
using Growbin.ServiceDefaults.Caching;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Growbin.RecycleInfo;

/// <summary>
/// The dataset's read models, serialised once at start-up: every item, the category list, the FAQ and the guide are
/// immutable for the life of the process (the dataset ships in the image), so a request only picks a prepared body.
/// </summary>
public sealed class RecycleCatalog
{
    /// <summary>The dataset changes only with a deployment; an hour keeps clients and CDNs from asking again and again.</summary>
    public static readonly TimeSpan StaticMaxAge = TimeSpan.FromHours(1);

    private readonly KnowledgeBase _knowledge;
    private readonly Dictionary<string, CacheableJson> _items;
    private readonly Dictionary<string, CategoryRef> _categoryRefs;
    private readonly Dictionary<string, SourceResponse> _sources;
    private readonly List<FaqResponse> _faq;
    private readonly JsonSerializerOptions _json;

    public RecycleCatalog(KnowledgeBase knowledge, IOptions<JsonOptions> jsonOptions)
    {
        var json = jsonOptions.Value.SerializerOptions;
        _knowledge = knowledge;
        _categoryRefs = knowledge.Categories.ToDictionary(c => c.Id, CategoryRef.From, StringComparer.Ordinal);
        _sources = knowledge.Sources.ToDictionary(s => s.Id, s => new SourceResponse(s.Id, s.Title, s.Publisher, s.Url), StringComparer.Ordinal);
        _json = json;
        _items = knowledge.Items.ToDictionary(i => i.Id, i => CacheableJson.Create(ToResponse(i, null), json, StaticMaxAge), StringComparer.Ordinal);
        Categories = CacheableJson.Create(
            new CategoryListResponse(knowledge.Categories.Select(ToResponse).ToList(), knowledge.Version), json, StaticMaxAge);
        _faq = knowledge.Faq.Select(ToResponse).ToList();
        Faq = CacheableJson.Create(FaqList(null, null), json, StaticMaxAge);
        Guide = CacheableJson.Create(
            new GuideResponse(knowledge.Guide.Principles.Select(ToResponse).ToList(), knowledge.Guide.Sections.Select(ToResponse).ToList(), knowledge.Version),
            json,
            StaticMaxAge);
    }

    public string Version => _knowledge.Version;

    public CacheableJson Categories { get; }

    /// <summary>The whole FAQ.</summary>
    public CacheableJson Faq { get; }

    public CacheableJson Guide { get; }

    public bool HasItem(string id) => _items.ContainsKey(id);

    /// <summary>The FAQ entries about an item and/or a category (both optional).</summary>
    public FaqListResponse FaqList(string? item, string? category)
    {
        var entries = _faq
            .Where(e => item is null || e.Items.Any(i => i.Id == item))
            .Where(e => category is null || e.Categories.Any(c => c.Id == category))
            .ToList();
        return new FaqListResponse(item, category, entries.Count, entries, _knowledge.Version);
    }

    public CacheableJson? FindItem(string id) => _items.GetValueOrDefault(id);

    /// <summary>The item with the rule for <paramref name="region"/> (its own rule first, the national one as fallback).</summary>
    public CacheableJson? FindItem(string id, RegionName? region) =>
        region is null ? FindItem(id)
        : _knowledge.FindItem(id) is { } item ? CacheableJson.Create(ToResponse(item, region), _json, StaticMaxAge)
        : null;

    public bool HasCategory(string id) => _categoryRefs.ContainsKey(id);

    public ItemSummary Summarize(Item item, double? score = null, MatchKind? kind = null) =>
        new(
            item.Id,
            item.NameKo,
            item.NameEn,
            _categoryRefs[item.CategoryId],
            score is { } s ? Math.Round(s, 3) : null,
            kind is { } k ? JsonNamingPolicy.CamelCase.ConvertName(k.ToString()) : null);

    private ItemResponse ToResponse(Item item, RegionName? region)
    {
        var category = _knowledge.FindCategory(item.CategoryId)!;
        var rule = _knowledge.RuleFor(item, region);
        return new ItemResponse(
            item.Id,
            item.NameKo,
            item.NameEn,
            item.Aliases,
            _categoryRefs[item.CategoryId],
            category.Where,
            item.Steps,
            item.Cautions,
            item.Exceptions.Select(e => new ExceptionResponse(e.When, _categoryRefs[e.CategoryId])).ToList(),
            item.DropOff,
            item.LocalRulesDiffer,
            item.LocalNote,
            Sources(item.SourceIds),
            region?.ToString(),
            ToResponse(rule),
            _knowledge.Version);
    }

    private ItemRuleResponse ToResponse(ItemRule rule)
    {
        var category = _knowledge.FindCategory(rule.CategoryId)!;
        return new ItemRuleResponse(
            rule.Scope == RuleScope.Local ? "local" : "national",
            rule.RegionNameIn(TextLanguage.Ko),
            _categoryRefs[category.Id],
            category.Where,
            rule.StepsIn(TextLanguage.Ko),
            rule.CautionsIn(TextLanguage.Ko),
            rule.DropOffIn(TextLanguage.Ko),
            Sources(rule.SourceIds));
    }

    private CategoryResponse ToResponse(Category category) => new(
        category.Id,
        category.NameKo,
        category.NameEn,
        category.HowTo,
        category.Where,
        _knowledge.Items.Count(i => i.CategoryId == category.Id),
        Sources(category.SourceIds));

    private FaqResponse ToResponse(FaqEntry entry) => new(
        entry.Id, entry.Question, entry.Answer, ItemRefs(entry.ItemIds), CategoryRefs(entry.CategoryIds), Sources(entry.SourceIds));

    private GuideSectionResponse ToResponse(GuideSection section) => new(
        section.Id,
        section.Title,
        section.Summary,
        section.Points.Select(p => new GuidePointResponse(p.Title, p.Text)).ToList(),
        ItemRefs(section.ItemIds),
        CategoryRefs(section.CategoryIds),
        Sources(section.SourceIds));

    private List<ItemRef> ItemRefs(IEnumerable<string> ids) =>
        ids.Select(id => _knowledge.FindItem(id)!).Select(i => new ItemRef(i.Id, i.NameKo, i.NameEn)).ToList();

    private List<CategoryRef> CategoryRefs(IEnumerable<string> ids) => ids.Select(id => _categoryRefs[id]).ToList();

    private List<SourceResponse> Sources(IEnumerable<string> ids) => ids.Select(id => _sources[id]).ToList();
}
