using System.Text.Json.Nodes;

namespace Growbin.Knowledge.Tests;

/// <summary>
/// data/schema documents the data files and cannot drift from the records; loading rejects what the schema rejects.
/// </summary>
public sealed class SchemaTests : IDisposable
{
    private const string WriteSchemaVariable = "GROWBIN_WRITE_SCHEMA";
    private static readonly string DataDirectory = FindDataDirectory();
    private static readonly string SchemaDirectory = Path.Combine(DataDirectory, "schema");

    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "growbin-knowledge-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public void Committed_schemas_equal_what_the_records_export()
    {
        var exported = KnowledgeBase.ExportJsonSchemas();
        if (Environment.GetEnvironmentVariable(WriteSchemaVariable) == "1")
        {
            Directory.CreateDirectory(SchemaDirectory);
            foreach (var stale in Directory.GetFiles(SchemaDirectory, "*.json").Where(f => !exported.ContainsKey(Path.GetFileName(f))))
            {
                File.Delete(stale);
            }

            foreach (var (name, text) in exported)
            {
                File.WriteAllText(Path.Combine(SchemaDirectory, name), text);
            }
        }

        var regenerate = $"regenerate with: {WriteSchemaVariable}=1 dotnet test tests/Knowledge.Tests --filter {nameof(SchemaTests)}";
        var committed = Directory.Exists(SchemaDirectory)
            ? Directory.GetFiles(SchemaDirectory, "*.json").ToDictionary(path => Path.GetFileName(path), File.ReadAllText)
            : [];

        committed.Keys.Should().BeEquivalentTo(exported.Keys, $"data/schema holds one schema per data file; {regenerate}");
        foreach (var (name, text) in exported)
        {
            committed[name].ReplaceLineEndings("\n").Should().Be(text, $"data/schema/{name} is out of date; {regenerate}");
        }
    }

    [Fact]
    public void Every_schema_forbids_unknown_properties_and_lists_required_ones()
    {
        var item = (JsonObject)JsonNode.Parse(KnowledgeBase.ExportJsonSchemas()["items.schema.json"])!["items"]!;

        item["additionalProperties"]!.GetValue<bool>().Should().BeFalse();
        item["required"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Contain(["id", "nameKo", "categoryId", "dropOff"]);
        item["properties"]!["dropOff"]!["type"]!.AsArray().Select(n => n!.GetValue<string>()).Should().Contain("null");
    }

    [Fact]
    public void The_schemas_are_not_embedded_as_data()
    {
        typeof(KnowledgeBase).Assembly.GetManifestResourceNames().Should().NotContain(name => name.Contains("schema"));
    }

    [Fact]
    public void A_copy_of_the_data_folder_loads_like_the_embedded_dataset()
    {
        var data = KnowledgeBase.LoadDirectory(CopyData());

        data.Version.Should().Be(KnowledgeBase.Default.Version);
        data.Items.Select(i => i.Id).Should().Equal(KnowledgeBase.Default.Items.Select(i => i.Id));
        data.Categories.Should().HaveSameCount(KnowledgeBase.Default.Categories);
        data.Faq.Should().HaveSameCount(KnowledgeBase.Default.Faq);
        data.Guide.Sections.Should().HaveSameCount(KnowledgeBase.Default.Guide.Sections);
    }

    [Fact]
    public void An_unknown_property_fails_the_load_naming_the_file_and_the_property()
    {
        var folder = CopyData();
        Edit(folder, "items/paper.json", items => items[0]!["nameKO"] = "오타");

        var load = () => KnowledgeBase.LoadDirectory(folder);

        load.Should().Throw<InvalidDataException>()
            .WithMessage("*data/items/paper.json*")
            .WithMessage("*nameKO*");
    }

    [Fact]
    public void A_missing_required_property_fails_the_load_naming_the_file_and_the_property()
    {
        var folder = CopyData();
        Edit(folder, "faq.json", faq => faq[0]!.AsObject().Remove("answer"));

        var load = () => KnowledgeBase.LoadDirectory(folder);

        load.Should().Throw<InvalidDataException>()
            .WithMessage("*data/faq.json*")
            .WithMessage("*answer*");
    }

    [Fact]
    public void A_null_where_the_record_forbids_one_fails_the_load()
    {
        var folder = CopyData();
        Edit(folder, "guide.json", guide => guide["sections"]![0]!["title"] = null);

        var load = () => KnowledgeBase.LoadDirectory(folder);

        load.Should().Throw<InvalidDataException>().WithMessage("*data/guide.json*");
    }

    [Fact]
    public void A_missing_file_fails_the_load_naming_it()
    {
        var folder = CopyData();
        File.Delete(Path.Combine(folder, "faq.json"));

        var load = () => KnowledgeBase.LoadDirectory(folder);

        load.Should().Throw<InvalidDataException>().WithMessage("*data/faq.json*missing*");
    }

    public void Dispose()
    {
        if (Directory.Exists(_scratch))
        {
            Directory.Delete(_scratch, recursive: true);
        }
    }

    private string CopyData()
    {
        foreach (var file in Directory.GetFiles(DataDirectory, "*.json", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(DataDirectory, file);
            if (relative.StartsWith("schema", StringComparison.Ordinal))
            {
                continue;
            }

            var target = Path.Combine(_scratch, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return _scratch;
    }

    private static void Edit(string folder, string file, Action<JsonNode> edit)
    {
        var path = Path.Combine(folder, file);
        var node = JsonNode.Parse(File.ReadAllText(path))!;
        edit(node);
        File.WriteAllText(path, node.ToJsonString());
    }

    /// <summary>services/shared/Knowledge/data in the source tree, found upwards from the test binaries.</summary>
    private static string FindDataDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "services", "shared", "Knowledge", "data");
            if (File.Exists(Path.Combine(candidate, "dataset.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"services/shared/Knowledge/data not found above {AppContext.BaseDirectory}.");
    }
}
