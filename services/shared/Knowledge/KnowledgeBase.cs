using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Growbin.Knowledge;

/// <summary>
/// The disposal dataset in memory: categories and items by id, every item name and alias by its normalised form,
/// the FAQ and the guide. Immutable after construction; one instance serves all requests.
/// </summary>
public sealed class KnowledgeBase
{
    private const string ResourcePrefix = "Growbin.Knowledge.data.";
    private const string DatasetFile = "dataset.json";
    private const string CategoriesFile = "categories.json";
    private const string FaqFile = "faq.json";
    private const string GuideFile = "guide.json";
    private const string ItemsFolder = "items/";
    private const string RegionsFolder = "regions/";

    /// <summary>
    /// Loading is schema validation: an unknown or misspelt property, a missing required property, a null where the
    /// record does not allow one, a duplicate property or a property in the wrong case fails the load.
    /// </summary>
    private static readonly JsonSerializerOptions Json = CreateJsonOptions();

    private static readonly Lazy<KnowledgeBase> Embedded = new(LoadEmbedded);

    /// <summary>The data files and the record each one holds; one JSON Schema is published per entry.</summary>
    private static readonly (string Schema, string Describes, Type Type)[] Files =
    [
        ("dataset.schema.json", "data/" + DatasetFile, typeof(DatasetHeader)),
        ("categories.schema.json", "data/" + CategoriesFile, typeof(List<Category>)),
        ("items.schema.json", "data/" + ItemsFolder + "*.json", typeof(List<Item>)),
        ("faq.schema.json", "data/" + FaqFile, typeof(List<FaqEntry>)),
        ("guide.schema.json", "data/" + GuideFile, typeof(Guide)),
        ("region.schema.json", "data/" + RegionsFolder + "*.json", typeof(RegionRules)),
    ];

    private readonly Dictionary<string, Item> _itemsById;
    private readonly Dictionary<string, Category> _categoriesById;
    private readonly Dictionary<string, Category> _categoriesByName;
    private readonly Dictionary<string, FaqEntry> _faqById;
    private readonly Dictionary<(string Sido, string? Sigungu), RegionRules> _regionsByName;

    public KnowledgeBase(
        string version,
        IReadOnlyList<Source> sources,
        IReadOnlyList<Category> categories,
        IReadOnlyList<Item> items,
        IReadOnlyList<FaqEntry>? faq = null,
        Guide? guide = null,
        IReadOnlyList<string>? ambiguousNames = null,
        IReadOnlyList<RegionRules>? regions = null,
        DatasetLicense? license = null)
    {
        Version = version;
        Sources = sources;
        Categories = categories;
        Items = items;
        Faq = faq ?? [];
        Guide = guide ?? new Guide([], []);
        AmbiguousNames = ambiguousNames ?? [];
        Regions = regions ?? [];
        License = license;
        _regionsByName = Regions.ToDictionary(r => (r.Sido, r.Sigungu));
        _itemsById = items.ToDictionary(i => i.Id, StringComparer.Ordinal);
        _categoriesById = categories.ToDictionary(c => c.Id, StringComparer.Ordinal);
        _categoriesByName = categories
            .SelectMany(c => new[] { c.Id, c.NameKo, c.NameEn }.Select(name => (Key: KoreanText.Normalize(name), c)))
            .DistinctBy(entry => entry.Key)
            .ToDictionary(entry => entry.Key, entry => entry.c, StringComparer.Ordinal);
        _faqById = Faq.ToDictionary(f => f.Id, StringComparer.Ordinal);
        Names = items
            .SelectMany(item => new[] { item.NameKo, item.NameEn }.Concat(item.Aliases).Select(name => (Key: KoreanText.Normalize(name), Name: name, item)))
            .Where(entry => entry.Key.Length > 0)
            .GroupBy(entry => entry.Key, StringComparer.Ordinal)
            .Select(group => new NameEntry(
                group.Key,
                KoreanText.ToJamo(group.Key),
                group.Select(e => e.item).Distinct().ToList(),
                EnglishText.IsLatin(group.First().Name) ? EnglishText.SingularWords(group.First().Name.Replace('-', ' ')) : null))
            .ToList();
    }

    /// <summary>The dataset shipped in this assembly (data/), loaded once.</summary>
    public static KnowledgeBase Default => Embedded.Value;

    public string Version { get; }

    public IReadOnlyList<Source> Sources { get; }

    public IReadOnlyList<Category> Categories { get; }

    public IReadOnlyList<Item> Items { get; }

    /// <summary>Frequently asked questions (data/faq.json), in file order.</summary>
    public IReadOnlyList<FaqEntry> Faq { get; }

    /// <summary>The four principles and the topic sections (data/guide.json).</summary>
    public Guide Guide { get; }

    /// <summary>
    /// Names (as written in data/dataset.json) that are allowed to name more than one item; a search for one of them
    /// should offer the items to choose from. Every other name and alias belongs to exactly one item.
    /// </summary>
    public IReadOnlyList<string> AmbiguousNames { get; }

    /// <summary>The regions with rules of their own (data/regions), a 시·도 or a 시·군·구 each.</summary>
    public IReadOnlyList<RegionRules> Regions { get; }

    /// <summary>The licence of the dataset's text (dataset.json).</summary>
    public DatasetLicense? License { get; }

    /// <summary>Every normalised name and alias with the items it names (more than one: an ambiguous name).</summary>
    internal IReadOnlyList<NameEntry> Names { get; }

    public Item? FindItem(string id) => _itemsById.GetValueOrDefault(id);

    public Category? FindCategory(string id) => _categoriesById.GetValueOrDefault(id);

    /// <summary>The category whose id, Korean or English name normalises to <paramref name="normalizedName"/>.</summary>
    public Category? FindCategoryByName(string normalizedName) => _categoriesByName.GetValueOrDefault(normalizedName);

    /// <summary>The FAQ entry with this id, or null.</summary>
    public FaqEntry? FindFaq(string id) => _faqById.GetValueOrDefault(id);

    /// <summary>
    /// How <paramref name="item"/> is put out in <paramref name="region"/>: the 시·군·구's own rule, else the 시·도's, else
    /// the national rule (also the answer without a region).
    /// </summary>
    public ItemRule RuleFor(Item item, RegionName? region)
    {
        if (region is null)
        {
            return new ItemRule(item, RuleScope.National, null, null);
        }

        return (region.Sigungu is null ? null : LocalRule(item, region.Sido, region.Sigungu))
            ?? LocalRule(item, region.Sido, null)
            ?? new ItemRule(item, RuleScope.National, null, null);
    }

    private ItemRule? LocalRule(Item item, string sido, string? sigungu) =>
        _regionsByName.TryGetValue((sido, sigungu), out var rules)
        && rules.Rules.FirstOrDefault(r => string.Equals(r.ItemId, item.Id, StringComparison.Ordinal)) is { } local
            ? new ItemRule(item, RuleScope.Local, rules, local)
            : null;

    /// <summary>
    /// Loads a folder laid out like the shipped data/ (dataset.json, categories.json, faq.json, guide.json,
    /// items/*.json) with the same strict rules as <see cref="Default"/>. For tools and tests; services use Default.
    /// </summary>
    /// <exception cref="InvalidDataException">A file is missing or does not match its schema; the message names the file.</exception>
    public static KnowledgeBase LoadDirectory(string dataDirectory)
    {
        var root = Path.GetFullPath(dataDirectory);
        var itemsFolder = Path.Combine(root, ItemsFolder);
        var itemFiles = Directory.Exists(itemsFolder)
            ? Directory.EnumerateFiles(itemsFolder, "*.json").Select(path => ItemsFolder + Path.GetFileName(path))
            : [];
        var regionsFolder = Path.Combine(root, RegionsFolder);
        var regionFiles = Directory.Exists(regionsFolder)
            ? Directory.EnumerateFiles(regionsFolder, "*.json").Select(path => RegionsFolder + Path.GetFileName(path))
            : [];
        return Load(itemFiles, regionFiles, file =>
        {
            var path = Path.Combine(root, file);
            return File.Exists(path) ? File.OpenRead(path) : null;
        });
    }

    /// <summary>
    /// The JSON Schema of every data file, keyed by its file name in data/schema (e.g. "items.schema.json"), exported
    /// from the records with the options the loader uses. The committed copies in data/schema must equal these.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ExportJsonSchemas()
    {
        var write = new JsonSerializerOptions
        {
            WriteIndented = true,
            IndentSize = 2,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        return Files.ToDictionary(
            file => file.Schema,
            file =>
            {
                var exporter = new JsonSchemaExporterOptions
                {
                    // Lists hold no nulls; the tests check the shipped data for it.
                    TreatNullObliviousAsNonNullable = true,
                    TransformSchemaNode = (context, node) =>
                    {
                        if (context.Path.IsEmpty && node is JsonObject root)
                        {
                            root.Insert(0, "$schema", "https://json-schema.org/draft/2020-12/schema");
                            root.Insert(1, "title", file.Describes);
                            root.Insert(2, "description", "Generated by KnowledgeBase.ExportJsonSchemas from the records the loader reads; regenerate, do not edit.");
                        }

                        return node;
                    },
                };
                return Json.GetJsonSchemaAsNode(file.Type, exporter).ToJsonString(write) + "\n";
            },
            StringComparer.Ordinal);
    }

    private static KnowledgeBase LoadEmbedded()
    {
        var assembly = typeof(KnowledgeBase).Assembly;
        var files = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(name => name[ResourcePrefix.Length..].Replace('\\', '/'))
            .ToList();
        var itemFiles = files.Where(file => file.StartsWith(ItemsFolder, StringComparison.Ordinal));
        var regionFiles = files.Where(file => file.StartsWith(RegionsFolder, StringComparison.Ordinal));
        return Load(itemFiles, regionFiles, file => assembly.GetManifestResourceStream(ResourcePrefix + file)
            ?? assembly.GetManifestResourceStream(ResourcePrefix + file.Replace('/', '\\')));
    }

    /// <param name="itemFiles">Item files relative to data/ ("items/paper.json").</param>
    /// <param name="open">Opens a file relative to data/; null when it does not exist.</param>
    /// <param name="regionFiles">Region files relative to data/ ("regions/seoul.json").</param>
    private static KnowledgeBase Load(IEnumerable<string> itemFiles, IEnumerable<string> regionFiles, Func<string, Stream?> open)
    {
        var dataset = Read<DatasetHeader>(DatasetFile, open);
        var categories = Read<List<Category>>(CategoriesFile, open);
        var items = itemFiles
            .Order(StringComparer.Ordinal)
            .SelectMany(file => Read<List<Item>>(file, open))
            .ToList();
        var faq = Read<List<FaqEntry>>(FaqFile, open);
        var guide = Read<Guide>(GuideFile, open);
        var regions = regionFiles.Order(StringComparer.Ordinal).Select(file => Read<RegionRules>(file, open)).ToList();
        return new KnowledgeBase(dataset.Version, dataset.Sources, categories, items, faq, guide, dataset.AmbiguousNames, regions, dataset.License);
    }

    private static T Read<T>(string file, Func<string, Stream?> open)
    {
        using var stream = open(file)
            ?? throw new InvalidDataException($"Knowledge data file 'data/{file}' is missing.");
        try
        {
            return JsonSerializer.Deserialize<T>(stream, Json)
                ?? throw new InvalidDataException($"Knowledge data file 'data/{file}' holds null.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException(
                $"Knowledge data file 'data/{file}' does not match data/schema/{SchemaOf(typeof(T))}: {e.Message}", e);
        }
    }

    private static string SchemaOf(Type type) => Files.First(f => f.Type == type).Schema;

    private static JsonSerializerOptions CreateJsonOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNameCaseInsensitive = false,
            AllowDuplicateProperties = false,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        };
        options.MakeReadOnly();
        return options;
    }

    /// <param name="Words">An English name's words in the singular ("banana peel"), matched as whole words; null for other names.</param>
    internal sealed record NameEntry(string Key, string Jamo, IReadOnlyList<Item> Items, string? Words)
    {
        /// <summary>Which letters <see cref="Jamo"/> holds, for the matcher's edit-distance bound.</summary>
        public UInt128 Letters { get; } = KoreanText.LettersOf(Jamo);
    }

    /// <summary>data/dataset.json.</summary>
    private sealed record DatasetHeader(string Version, IReadOnlyList<Source> Sources, IReadOnlyList<string> AmbiguousNames, DatasetLicense License);
}
