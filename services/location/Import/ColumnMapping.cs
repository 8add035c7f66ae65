using System.Text.Json;
using System.Text.Json.Serialization;
using Growbin.Location.Points;

namespace Growbin.Location.Import;

/// <summary>
/// How one publisher's CSV layout maps onto <c>growbin.collection_points</c> (a JSON file per layout, see
/// <c>Import/mappings/</c> and its <c>mapping.schema.json</c>). Loading is strict: an unknown or misspelt property,
/// a missing required one or an impossible combination is refused before any row is read.
/// </summary>
public sealed class ColumnMapping
{
    private static readonly JsonSerializerOptions Strict = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = false,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        AllowDuplicateProperties = false,
    };

    /// <summary>Editor support only: the JSON schema the file follows.</summary>
    [JsonPropertyName("$schema")]
    public string? Schema { get; init; }

    /// <summary>Which publication this layout is (free text for people).</summary>
    public string? Description { get; init; }

    public required SourceIdMapping SourceId { get; init; }

    public required FieldMapping Name { get; init; }

    public required KindMapping Kind { get; init; }

    /// <summary>Road address (도로명주소): stored, and geocoded when a row has no coordinates.</summary>
    public FieldMapping? Address { get; init; }

    /// <summary>Lot address (지번주소): stored when the road address is blank, geocoded when the road address is not found.</summary>
    public FieldMapping? LotAddress { get; init; }

    public FieldMapping? Detail { get; init; }

    public FieldMapping? District { get; init; }

    public FieldMapping? OpeningHours { get; init; }

    /// <summary>WGS84 latitude; rows where it (or <see cref="Longitude"/>) is blank are geocoded from the address.</summary>
    public FieldMapping? Latitude { get; init; }

    public FieldMapping? Longitude { get; init; }

    /// <summary>
    /// Growbin's own layout, the one <c>synthesize</c> writes and the demo dataset uses (also
    /// <c>Import/mappings/growbin-layout.json</c>): the default when no mapping is given.
    /// </summary>
    public static ColumnMapping GrowbinLayout { get; } = new()
    {
        Description = "Growbin's own layout: what `synthesize` writes and services/location/data/demo-synthetic.csv uses.",
        SourceId = new SourceIdMapping { Columns = ["source_id"] },
        Name = new FieldMapping { Columns = ["name"] },
        Kind = new KindMapping { Columns = ["kind"] },
        Address = new FieldMapping { Columns = ["address"] },
        Detail = new FieldMapping { Columns = ["detail"], Optional = true },
        District = new FieldMapping { Columns = ["district"], Optional = true },
        OpeningHours = new FieldMapping { Columns = ["opening_hours"], Optional = true },
        Latitude = new FieldMapping { Columns = ["latitude"], Optional = true },
        Longitude = new FieldMapping { Columns = ["longitude"], Optional = true },
    };

    /// <summary>Reads and checks a mapping file; <see cref="MappingException"/> says what is wrong with it.</summary>
    public static ColumnMapping Load(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new MappingException($"cannot read the mapping file {path}: {ex.Message}", ex);
        }

        return Parse(json, path);
    }

    public static ColumnMapping Parse(string json, string origin = "mapping")
    {
        ColumnMapping? mapping;
        try
        {
            mapping = JsonSerializer.Deserialize<ColumnMapping>(json, Strict);
        }
        catch (JsonException ex)
        {
            throw new MappingException($"{origin} is not a valid mapping: {ex.Message}", ex);
        }

        if (mapping is null)
        {
            throw new MappingException($"{origin} is not a valid mapping: it is null");
        }

        var problems = mapping.Problems().ToList();
        return problems.Count == 0
            ? mapping
            : throw new MappingException($"{origin} is not a valid mapping: {string.Join("; ", problems)}");
    }

    private IEnumerable<string> Problems()
    {
        var idWays = (SourceId.Columns is null ? 0 : 1) + (SourceId.Composite is null ? 0 : 1) + (SourceId.RowNumber ? 1 : 0);
        if (idWays != 1)
        {
            yield return "sourceId needs exactly one of columns, composite or rowNumber: true";
        }

        foreach (var problem in ColumnListProblems("sourceId.columns", SourceId.Columns)
                     .Concat(ColumnListProblems("sourceId.composite", SourceId.Composite)))
        {
            yield return problem;
        }

        if ((Kind.Fixed is null) == (Kind.Columns is null))
        {
            yield return "kind needs exactly one of fixed or columns";
        }

        if (Kind.Fixed is not null && !PointKinds.IsKnown(Kind.Fixed))
        {
            yield return $"kind.fixed '{Kind.Fixed}' is not a kind ({string.Join(", ", PointKinds.KoreanNames.Keys)})";
        }

        if (Kind.Values is not null && Kind.Columns is null)
        {
            yield return "kind.values needs kind.columns";
        }

        foreach (var (value, kind) in Kind.Values ?? new Dictionary<string, string>())
        {
            if (!PointKinds.IsKnown(kind))
            {
                yield return $"kind.values maps '{value}' to '{kind}', which is not a kind";
            }
        }

        foreach (var problem in ColumnListProblems("kind.columns", Kind.Columns))
        {
            yield return problem;
        }

        var fields = new (string Name, FieldMapping? Field)[]
        {
            ("name", Name), ("address", Address), ("lotAddress", LotAddress), ("detail", Detail),
            ("district", District), ("openingHours", OpeningHours), ("latitude", Latitude), ("longitude", Longitude),
        };
        foreach (var (name, field) in fields)
        {
            if (field is null)
            {
                continue;
            }

            if ((field.Fixed is null) == (field.Columns is null))
            {
                yield return $"{name} needs exactly one of columns or fixed";
            }

            if (field.Fixed is not null && field.Optional)
            {
                yield return $"{name}: optional applies to columns, not to a fixed value";
            }

            foreach (var problem in ColumnListProblems($"{name}.columns", field.Columns))
            {
                yield return problem;
            }
        }

        if (Name.Optional)
        {
            yield return "name cannot be optional: every point needs one";
        }

        if ((Latitude is null) != (Longitude is null))
        {
            yield return "latitude and longitude come together: map both or neither";
        }

        if (Latitude?.Fixed is not null || Longitude?.Fixed is not null)
        {
            yield return "latitude and longitude cannot be fixed (every point would be in one place)";
        }

        if (Address is null && LotAddress is null && Latitude is null)
        {
            yield return "map latitude and longitude, or an address to geocode";
        }
    }

    private static IEnumerable<string> ColumnListProblems(string name, IReadOnlyList<string>? columns)
    {
        if (columns is null)
        {
            yield break;
        }

        if (columns.Count == 0)
        {
            yield return $"{name} is empty";
        }

        if (columns.Any(string.IsNullOrWhiteSpace))
        {
            yield return $"{name} has a blank header name";
        }
    }
}
