using Growbin.Location.Import;
using Growbin.TestSupport.Kakao;

namespace Growbin.LocationImport.Tests;

[Collection(ImportCollection.Name)]
public sealed class SkippedRowTests(ImportDatabase fixture)
{
    [Fact]
    public async Task Bad_rows_are_skipped_with_their_line_and_reason_and_the_rest_import()
    {
        await using var rig = await ImportRig.StartAsync(fixture.Database);
        rig.Kakao.AddAddress(new FakeKakaoAddress("서울특별시 성동구 왕십리광장로 17", null, 37.561268, 127.038242));
        var source = Samples.NewSource("facilities");

        var report = await rig.ImportAsync(Samples.File("recycling-facilities.csv"), source, Samples.Mapping("recycling-facilities.json"));

        report.Skipped.Should().Equal(
            new SkippedRow(5, "R-004",
                "the coordinates (latitude 95, longitude 127.05) are outside South Korea (latitude 33–39, longitude 124–132)"),
            new SkippedRow(6, null, "the name (시설명) is empty"),
            new SkippedRow(7, null, "unknown kind value '대형폐기물 스티커 판매소' in column 시설구분"),
            new SkippedRow(8, "R-007", "Kakao found no place for the address '서울특별시 성동구 존재하지않는로 1'"),
            new SkippedRow(12, "R-002", "duplicate source id: line 3 has it too (the first one is kept)"),
            new SkippedRow(13, null, "the row has 11 fields, the header has 10 (an unquoted comma?)"),
            new SkippedRow(14, "R-012",
                "the coordinates (latitude 127.0559, longitude 37.5447) are outside South Korea (latitude 33–39, longitude 124–132); latitude and longitude look swapped"));
        report.Rows.Should().Be(14);
        report.BlankRows.Should().Be(1);
        report.Inserted.Should().Be(6);
        rig.Kakao.CallCount.Should().Be(2);

        var points = await rig.PointsAsync(source);
        points.ToDictionary(p => p.Key, p => p.Value.Kind).Should().BeEquivalentTo(new Dictionary<string, string>
        {
            ["R-001"] = "clothing-bin",
            ["R-002"] = "battery-lamp",
            ["R-003"] = "pet-vending",
            ["R-008"] = "recycling-station",
            ["R-009"] = "community-centre",
            ["R-010"] = "medicine",
        });
        points["R-002"].Name.Should().Be("성수1가1동 주민센터 수거함", "the first row with a source id wins");
        points["R-003"].Latitude.Should().Be(37.561268);
        points["R-003"].Longitude.Should().Be(127.038242);
    }

    [Fact]
    public async Task Fields_longer_than_the_table_allows_are_skipped_before_reaching_the_database()
    {
        var file = Samples.TempPath("long.csv");
        var longName = new string('가', 201);
        var longDistrict = new string('구', 51);
        await File.WriteAllTextAsync(file, $"""
            source_id,name,kind,address,district,latitude,longitude
            a,{longName},medicine,주소,,37.5,127.0
            b,이름,medicine,주소,{longDistrict},37.5,127.0
            c,이름,medicine,주소,마포구,37.5,127.0
            d,이름,medicine,주소,마포구,37.5,east
            """);
        await using var rig = await ImportRig.StartAsync(fixture.Database);

        var report = await rig.ImportAsync(file, Samples.NewSource());

        report.Skipped.Select(s => s.Reason).Should().Equal(
            "the name is 201 characters long (at most 200)",
            "the district is 51 characters long (at most 50)",
            "the coordinates '37.5', 'east' are not numbers");
        report.Inserted.Should().Be(1);
    }

    [Fact]
    public async Task Synthetic_points_only_go_into_a_synthetic_source_and_a_synthetic_source_only_takes_marked_names()
    {
        var file = Samples.TempPath("mixed.csv");
        await File.WriteAllTextAsync(file, """
            source_id,name,kind,address,latitude,longitude
            s-1,[합성] 마포구 의류수거함 01,clothing-bin,[합성] 서울특별시 마포구 가상로 1,37.56,126.90
            r-1,망원동 의류수거함,clothing-bin,서울특별시 마포구 월드컵로 1,37.56,126.90
            """);
        await using var rig = await ImportRig.StartAsync(fixture.Database);

        var real = await rig.ImportAsync(file, Samples.NewSource("real"));
        var synthetic = await rig.ImportAsync(file, Samples.NewSource("synthetic"));

        real.Skipped.Should().ContainSingle().Which.Should().Be(new SkippedRow(2, "s-1",
            "a synthetic point ([합성]) only goes into a source whose name contains 'synthetic'"));
        synthetic.Skipped.Should().ContainSingle().Which.Should().Be(new SkippedRow(3, "r-1",
            "a point in a synthetic source must be named [합성] …, so it is never taken for a real place"));
        real.Inserted.Should().Be(1);
        synthetic.Inserted.Should().Be(1);
    }
}
