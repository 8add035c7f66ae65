using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Growbin.Csv;
using Growbin.Location.Import;

namespace Growbin.LocationImport.Tests;

public sealed class ColumnMappingTests
{
    private const string Minimal = """
        {"sourceId": {"columns": ["id"]}, "name": {"columns": ["name"]}, "kind": {"fixed": "medicine"}, "address": {"columns": ["addr"]}}
        """;

    public static TheoryData<string> ShippedMappings() => new(ShippedMappingFiles());

    private static IEnumerable<string> ShippedMappingFiles() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "mappings"), "*.json")
            .Select(f => Path.GetFileName(f))
            .Where(f => f != "mapping.schema.json");

    [Theory]
    [MemberData(nameof(ShippedMappings))]
    public void Every_shipped_mapping_loads(string file)
    {
        var mapping = ColumnMapping.Load(Samples.Mapping(file));

        mapping.Schema.Should().Be("mapping.schema.json");
        mapping.Description.Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public void At_least_three_public_data_layouts_are_shipped()
    {
        ShippedMappingFiles().Should().Contain(
            ["clothing-bins.json", "battery-lamp-boxes.json", "medicine-boxes.json", "recycling-facilities.json"]);
    }

    [Fact]
    public void The_growbin_layout_file_is_the_built_in_default()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        var file = JsonSerializer.SerializeToNode(ColumnMapping.Load(Samples.Mapping("growbin-layout.json")), options)!.AsObject();
        file.Remove("$schema");

        JsonNode.DeepEquals(file, JsonSerializer.SerializeToNode(ColumnMapping.GrowbinLayout, options)).Should().BeTrue();
    }

    [Fact]
    public void A_minimal_mapping_loads()
    {
        var mapping = ColumnMapping.Parse(Minimal);

        mapping.Kind.Fixed.Should().Be("medicine");
        mapping.Latitude.Should().BeNull();
    }

    [Theory]
    [InlineData("""{"sourceId": {"columns": ["id"]}, "name": {"columns": ["n"]}, "kind": {"fixed": "medicine"}, "address": {"columns": ["a"]}, "adress": {"columns": ["b"]}}""", "adress")]
    [InlineData("""{"sourceId": {"columns": ["id"]}, "name": {"columns": ["n"]}, "kind": {"fixed": "medicine", "value": "x"}, "address": {"columns": ["a"]}}""", "value")]
    [InlineData("""{"SourceId": {"columns": ["id"]}, "name": {"columns": ["n"]}, "kind": {"fixed": "medicine"}, "address": {"columns": ["a"]}}""", "SourceId")]
    [InlineData("""{"name": {"columns": ["n"]}, "kind": {"fixed": "medicine"}, "address": {"columns": ["a"]}}""", "sourceId")]
    [InlineData("""{"sourceId": {"columns": ["id"]}, "name": {"columns": ["n"]}, "name": {"columns": ["m"]}, "kind": {"fixed": "medicine"}, "address": {"columns": ["a"]}}""", "name")]
    [InlineData("""{"sourceId": {"columns": ["id"]}, "name": {"columns": ["n"]}, "kind": {"fixed": "medicine"}, "address": {"columns": ["a"]},}""", "")]
    public void Unknown_misspelt_missing_or_duplicate_properties_are_refused(string json, string mentioned)
    {
        var parse = () => ColumnMapping.Parse(json);

        parse.Should().Throw<MappingException>().WithMessage($"*{mentioned}*");
    }

    [Theory]
    [InlineData("""{"sourceId": {"columns": ["id"], "rowNumber": true}, "name": {"columns": ["n"]}, "kind": {"fixed": "medicine"}, "address": {"columns": ["a"]}}""", "sourceId needs exactly one")]
    [InlineData("""{"sourceId": {}, "name": {"columns": ["n"]}, "kind": {"fixed": "medicine"}, "address": {"columns": ["a"]}}""", "sourceId needs exactly one")]
    [InlineData("""{"sourceId": {"columns": []}, "name": {"columns": ["n"]}, "kind": {"fixed": "medicine"}, "address": {"columns": ["a"]}}""", "sourceId.columns is empty")]
    [InlineData("""{"sourceId": {"columns": ["id"]}, "name": {"columns": ["n"]}, "kind": {"fixed": "clothes"}, "address": {"columns": ["a"]}}""", "kind.fixed 'clothes' is not a kind*")]
    [InlineData("""{"sourceId": {"columns": ["id"]}, "name": {"columns": ["n"]}, "kind": {"columns": ["k"], "values": {"의류수거함": "clothes"}}, "address": {"columns": ["a"]}}""", "kind.values maps '의류수거함' to 'clothes'*")]
    [InlineData("""{"sourceId": {"columns": ["id"]}, "name": {"columns": ["n"]}, "kind": {"fixed": "medicine", "columns": ["k"]}, "address": {"columns": ["a"]}}""", "kind needs exactly one*")]
    [InlineData("""{"sourceId": {"columns": ["id"]}, "name": {"columns": ["n"], "fixed": "x"}, "kind": {"fixed": "medicine"}, "address": {"columns": ["a"]}}""", "name needs exactly one*")]
    [InlineData("""{"sourceId": {"columns": ["id"]}, "name": {"columns": ["n"]}, "kind": {"fixed": "medicine"}, "latitude": {"columns": ["lat"]}}""", "latitude and longitude come together*")]
    [InlineData("""{"sourceId": {"columns": ["id"]}, "name": {"columns": ["n"]}, "kind": {"fixed": "medicine"}}""", "map latitude and longitude, or an address*")]
    [InlineData("""{"sourceId": {"columns": ["id"]}, "name": {"columns": ["n"], "optional": true}, "kind": {"fixed": "medicine"}, "address": {"columns": ["a"]}}""", "name cannot be optional*")]
    [InlineData("""{"sourceId": {"columns": ["id"]}, "name": {"columns": [" "]}, "kind": {"fixed": "medicine"}, "address": {"columns": ["a"]}}""", "name.columns has a blank header name*")]
    public void Impossible_combinations_are_refused_with_what_is_wrong(string json, string problem)
    {
        var parse = () => ColumnMapping.Parse(json, "test.json");

        parse.Should().Throw<MappingException>().WithMessage($"test.json is not a valid mapping: *{problem}*");
    }

    [Fact]
    public void The_first_candidate_header_present_is_used_and_headers_compare_without_spaces_or_case()
    {
        var mapping = ColumnMapping.Parse("""
            {"sourceId": {"columns": ["관리번호", "ID"]}, "name": {"columns": ["설치장소", "설치 위치"]},
             "kind": {"fixed": "clothing-bin"}, "address": {"columns": ["도로명주소"]},
             "latitude": {"columns": ["위도"]}, "longitude": {"columns": ["경도"]}}
            """);
        var reader = new PointRowReader(mapping, ["id", "설치위치 ", "도로명 주소", "위 도", "경도"]);

        reader.TryRead(new CsvRecord(2, ["A-1", "  망원동   공원 앞 ", "서울특별시 마포구 월드컵로 1", "37.55", "126.9"]), out var row, out _)
            .Should().BeTrue();

        row.Should().BeEquivalentTo(new PointRow(2, "A-1", "망원동 공원 앞", "clothing-bin", "서울특별시 마포구 월드컵로 1", null,
            null, null, null, 37.55, 126.9));
    }

    [Fact]
    public void A_header_without_any_candidate_of_a_required_field_refuses_the_file_naming_the_candidates()
    {
        var mapping = ColumnMapping.Load(Samples.Mapping("clothing-bins.json"));

        var bind = () => new PointRowReader(mapping, ["번호", "장소", "주소"]);

        bind.Should().Throw<MappingException>().WithMessage("no header for sourceId: none of 관리번호, *");
    }

    [Fact]
    public void An_optional_field_missing_from_the_header_is_left_empty()
    {
        var mapping = ColumnMapping.Load(Samples.Mapping("medicine-boxes.json"));
        var reader = new PointRowReader(mapping, ["시설명", "소재지도로명주소"]);

        reader.TryRead(new CsvRecord(2, ["초록약국", "서울특별시 서대문구 연희로 100"]), out var row, out _).Should().BeTrue();

        row!.OpeningHours.Should().BeNull();
        row.HasCoordinates.Should().BeFalse();
        row.SourceId.Should().Be("초록약국|서울특별시 서대문구 연희로 100");
    }

    [Fact]
    public void A_row_number_source_id_is_the_line()
    {
        var mapping = ColumnMapping.Parse("""
            {"sourceId": {"rowNumber": true}, "name": {"columns": ["n"]}, "kind": {"fixed": "medicine"}, "address": {"columns": ["a"]}}
            """);

        new PointRowReader(mapping, ["n", "a"]).TryRead(new CsvRecord(7, ["약국", "주소"]), out var row, out _).Should().BeTrue();

        row!.SourceId.Should().Be("row-7");
    }
}
