using System.Text.Json;
using Growbin.Knowledge;
using Growbin.ServiceDefaults.Caching;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Growbin.RecycleInfo;

/// <summary>
/// The dataset's read models, serialised once per language at start-up: every item, the category list, the FAQ and the
/// guide are immutable for the life of the process (the dataset ships in the image), so a request only picks a prepared
/// body. Names come in both languages always; the texts (steps, cautions, where, answers, guide) in the one asked for.
/// </summary>
public sealed class RecycleCatalog
{
    /// <summary>The dataset changes only with a deployment; an hour keeps clients and CDNs from asking again and again.</summary>
    public static readonly TimeSpan StaticMaxAge = TimeSpan.FromHours(1);

    private readonly KnowledgeBase _knowledge;
    private readonly Dictionary<string, CategoryRef> _categoryRefs;
    private readonly Dictionary<string, SourceResponse> _sources;
    private readonly Dictionary<TextLanguage, Edition> _editions;
    private readonly JsonSerializerOptions _json;

    public RecycleCatalog(KnowledgeBase knowledge, IOptions<JsonOptions> jsonOptions)
    {
        _knowledge = knowledge;
        _json = jsonOptions.Value.SerializerOptions;
        _categoryRefs = knowledge.Categories.ToDictionary(c => c.Id, CategoryRef.From, StringComparer.Ordinal);
        _sources = knowledge.Sources.ToDictionary(s => s.Id, s => new SourceResponse(s.Id, s.Title, s.Publisher, s.Url), StringComparer.Ordinal);
        _editions = Enum.GetValues<TextLanguage>().ToDictionary(language => language, Prepare);
    }

    public string Version => _knowledge.Version;

    public CacheableJson Categories(TextLanguage language) => _editions[language].Categories;

    /// <summary>The whole FAQ.</summary>
    public CacheableJson Faq(TextLanguage language) => _editions[language].Faq;

    public CacheableJson Guide(TextLanguage language) => _editions[language].Guide;

    public bool HasItem(string id) => _knowledge.FindItem(id) is not null;

    public bool HasCategory(string id) => _categoryRefs.ContainsKey(id);

    /// <summary>The FAQ entries about an item and/or a category (both optional).</summary>
    public CacheableJson FaqList(string? item, string? category, TextLanguage language) =>
        Json(FaqListOf(_editions[language].FaqEntries, item, category, language), language);

    /// <summary>The item with the rule for <paramref name="region"/> (its own rule first, the national one as fallback).</summary>
    public CacheableJson? FindItem(string id, RegionName? region, TextLanguage language) =>
        region is null ? _editions[language].Items.GetValueOrDefault(id)
        : _knowledge.FindItem(id) is { } item ? Json(ToResponse(item, region, language), language)
        : null;

    public ItemSummary Summarize(Item item, double? score = null, MatchKind? kind = null) =>
        new(
            item.Id,
            item.NameKo,
            item.NameEn,
            _categoryRefs[item.CategoryId],
            score is { } s ? Math.Round(s, 3) : null,
            kind is { } k ? JsonNamingPolicy.CamelCase.ConvertName(k.ToString()) : null);

    private Edition Prepare(TextLanguage language)
    {
        var faq = _knowledge.Faq.Select(e => ToResponse(e, language)).ToList();
        var guide = _knowledge.Guide;
        return new Edition(
            _knowledge.Items.ToDictionary(i => i.Id, i => Json(ToResponse(i, null, language), language), StringComparer.Ordinal),
            Json(new CategoryListResponse(_knowledge.Categories.Select(c => ToResponse(c, language)).ToList(), language.Tag(), Version), language),
            faq,
            Json(FaqListOf(faq, null, null, language), language),
            Json(
                new GuideResponse(
                    guide.Principles.Select(s => ToResponse(s, language)).ToList(),
                    guide.Sections.Select(s => ToResponse(s, language)).ToList(),
                    language.Tag(),
                    Version),
                language));
    }

    private CacheableJson Json<T>(T value, TextLanguage language) => CacheableJson.Create(value, _json, StaticMaxAge, language.Tag());

    private FaqListResponse FaqListOf(IReadOnlyList<FaqResponse> faq, string? item, string? category, TextLanguage language)
    {
        var entries = faq
            .Where(e => item is null || e.Items.Any(i => i.Id == item))
            .Where(e => category is null || e.Categories.Any(c => c.Id == category))
            .ToList();
        return new FaqListResponse(item, category, entries.Count, entries, language.Tag(), Version);
    }

    private ItemResponse ToResponse(Item item, RegionName? region, TextLanguage language)
    {
        var category = _knowledge.FindCategory(item.CategoryId)!;
        return new ItemResponse(
            item.Id,
            item.NameKo,
            item.NameEn,
            item.Aliases,
            _categoryRefs[item.CategoryId],
            category.WhereIn(language),
            item.StepsIn(language),
            item.CautionsIn(language),
            item.Exceptions.Select(e => new ExceptionResponse(e.WhenIn(language), _categoryRefs[e.CategoryId])).ToList(),
            item.DropOffIn(language),
            item.LocalRulesDiffer,
            item.LocalNoteIn(language),
            Sources(item.SourceIds),
            region?.ToString(),
            ToResponse(_knowledge.RuleFor(item, region), language),
            language.Tag(),
            Version);
    }

    private ItemRuleResponse ToResponse(ItemRule rule, TextLanguage language)
    {
        var category = _knowledge.FindCategory(rule.CategoryId)!;
        return new ItemRuleResponse(
            rule.Scope == RuleScope.Local ? "local" : "national",
            rule.RegionNameIn(language),
            _categoryRefs[category.Id],
            category.WhereIn(language),
            rule.StepsIn(language),
            rule.CautionsIn(language),
            rule.DropOffIn(language),
            Sources(rule.SourceIds));
    }

    private CategoryResponse ToResponse(Category category, TextLanguage language) => new(
        category.Id,
        category.NameKo,
        category.NameEn,
        category.HowToIn(language),
        category.WhereIn(language),
        _knowledge.Items.Count(i => i.CategoryId == category.Id),
        Sources(category.SourceIds));

    private FaqResponse ToResponse(FaqEntry entry, TextLanguage language) => new(
        entry.Id,
        entry.QuestionIn(language),
        entry.AnswerIn(language),
        ItemRefs(entry.ItemIds),
        CategoryRefs(entry.CategoryIds),
        Sources(entry.SourceIds));

    private GuideSectionResponse ToResponse(GuideSection section, TextLanguage language) => new(
        section.Id,
        section.TitleIn(language),
        section.SummaryIn(language),
        section.Points.Select(p => new GuidePointResponse(p.TitleIn(language), p.TextIn(language))).ToList(),
        ItemRefs(section.ItemIds),
        CategoryRefs(section.CategoryIds),
        Sources(section.SourceIds));

    private List<ItemRef> ItemRefs(IEnumerable<string> ids) =>
        ids.Select(id => _knowledge.FindItem(id)!).Select(i => new ItemRef(i.Id, i.NameKo, i.NameEn)).ToList();

    private List<CategoryRef> CategoryRefs(IEnumerable<string> ids) => ids.Select(id => _categoryRefs[id]).ToList();

    private List<SourceResponse> Sources(IEnumerable<string> ids) => ids.Select(id => _sources[id]).ToList();

    /// <summary>The prepared bodies of one language.</summary>
    private sealed record Edition(
        Dictionary<string, CacheableJson> Items,
        CacheableJson Categories,
        IReadOnlyList<FaqResponse> FaqEntries,
        CacheableJson Faq,
        CacheableJson Guide);
}
