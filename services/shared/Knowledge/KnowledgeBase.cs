using System.Reflection;
using System.Text.Json;

namespace Growbin.Knowledge;

/// <summary>
/// The disposal dataset in memory: categories and items by id, and every item name and alias by its normalised form.
/// Immutable after construction; one instance serves all requests.
/// </summary>
public sealed class KnowledgeBase
{
    private const string ResourcePrefix = "Growbin.Knowledge.data.";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly Lazy<KnowledgeBase> Embedded = new(LoadEmbedded);

    private readonly Dictionary<string, Item> _itemsById;
    private readonly Dictionary<string, Category> _categoriesById;
    private readonly Dictionary<string, Category> _categoriesByName;

    public KnowledgeBase(string version, IReadOnlyList<Source> sources, IReadOnlyList<Category> categories, IReadOnlyList<Item> items)
    {
        Version = version;
        Sources = sources;
        Categories = categories;
        Items = items;
        _itemsById = items.ToDictionary(i => i.Id, StringComparer.Ordinal);
        _categoriesById = categories.ToDictionary(c => c.Id, StringComparer.Ordinal);
        _categoriesByName = categories
            .SelectMany(c => new[] { c.Id, c.NameKo, c.NameEn }.Select(name => (Key: KoreanText.Normalize(name), c)))
            .DistinctBy(entry => entry.Key)
            .ToDictionary(entry => entry.Key, entry => entry.c, StringComparer.Ordinal);
        Names = items
            .SelectMany(item => new[] { item.NameKo, item.NameEn }.Concat(item.Aliases).Select(name => (Key: KoreanText.Normalize(name), item)))
            .Where(entry => entry.Key.Length > 0)
            .GroupBy(entry => entry.Key, StringComparer.Ordinal)
            .Select(group => new NameEntry(group.Key, KoreanText.ToJamo(group.Key), group.Select(e => e.item).Distinct().ToList()))
            .ToList();
    }

    /// <summary>The dataset shipped in this assembly (data/), loaded once.</summary>
    public static KnowledgeBase Default => Embedded.Value;

    public string Version { get; }

    public IReadOnlyList<Source> Sources { get; }

    public IReadOnlyList<Category> Categories { get; }

    public IReadOnlyList<Item> Items { get; }

    /// <summary>Every normalised name and alias with the items it names (more than one: an ambiguous name).</summary>
    internal IReadOnlyList<NameEntry> Names { get; }

    public Item? FindItem(string id) => _itemsById.GetValueOrDefault(id);

    public Category? FindCategory(string id) => _categoriesById.GetValueOrDefault(id);

    /// <summary>The category whose id, Korean or English name normalises to <paramref name="normalizedName"/>.</summary>
    public Category? FindCategoryByName(string normalizedName) => _categoriesByName.GetValueOrDefault(normalizedName);

    private static KnowledgeBase LoadEmbedded()
    {
        var assembly = typeof(KnowledgeBase).Assembly;
        var dataset = Read<DatasetHeader>(assembly, ResourcePrefix + "dataset.json");
        var categories = Read<List<Category>>(assembly, ResourcePrefix + "categories.json");
        var items = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix + "items", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .SelectMany(name => Read<List<Item>>(assembly, name))
            .ToList();
        return new KnowledgeBase(dataset.Version, dataset.Sources, categories, items);
    }

    private static T Read<T>(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Knowledge resource '{resource}' is missing from {assembly.GetName().Name}.");
        return JsonSerializer.Deserialize<T>(stream, Json)
            ?? throw new InvalidOperationException($"Knowledge resource '{resource}' is empty.");
    }

    internal sealed record NameEntry(string Key, string Jamo, IReadOnlyList<Item> Items);

    private sealed record DatasetHeader(string Version, IReadOnlyList<Source> Sources);
}
