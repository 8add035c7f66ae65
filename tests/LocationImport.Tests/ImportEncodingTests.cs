using System.Text;
using Growbin.Csv;
using Growbin.Location.Import;
using Growbin.TestSupport.Kakao;

namespace Growbin.LocationImport.Tests;

[Collection(ImportCollection.Name)]
public sealed class ImportEncodingTests(ImportDatabase fixture)
{
    [Fact]
    public async Task A_CP949_clothing_bin_file_imports_with_quoted_fields_intact_and_points_where_the_file_says()
    {
        // The committed sample is UTF-8; the CP949 bytes are made here from its text, as Excel on Korean Windows saves.
        var cp949 = Samples.TempPath("clothing-bins-cp949.csv");
        var text = await File.ReadAllTextAsync(Samples.File("clothing-bins.csv"), Encoding.UTF8);
        await File.WriteAllBytesAsync(cp949, CsvFileDecoder.Cp949.GetBytes(text.ReplaceLineEndings("\r\n")));
        await using var rig = await ImportRig.StartAsync(fixture.Database);
        var source = Samples.NewSource("clothing");

        var report = await rig.ImportAsync(cp949, source, Samples.Mapping("clothing-bins.json"));

        report.Encoding.Should().Be("cp949");
        report.Inserted.Should().Be(4);
        report.Skipped.Should().ContainSingle().Which.Should().Be(new SkippedRow(7, "MP-005",
            "the coordinates (latitude 95, longitude 126.89) are outside South Korea (latitude 33–39, longitude 124–132)"));
        var points = await rig.PointsAsync(source);
        points.Keys.Should().BeEquivalentTo(["MP-001", "MP-002", "MP-003", "MP-004"]);
        points["MP-001"].Should().BeEquivalentTo(new
        {
            Kind = "clothing-bin",
            Name = "망원1동 주민센터 앞",
            Address = "서울특별시 마포구 월드컵로 123",
            District = "서울특별시 마포구청",
            Latitude = 37.5556,
            Longitude = 126.9019,
        });
        points["MP-002"].Name.Should().Be("합정역 7번 출구, 버스정류장 옆");
        points["MP-003"].Name.Should().Be("\"행복\" 아파트 정문");
        points["MP-003"].Address.Should().Be("서울특별시 마포구 성산동 10-2", "the lot address stands in for a blank road address");
        points["MP-004"].Name.Should().Be("성산2동 공영주차장 입구", "a line break inside quotes becomes a space in a name");
        rig.Kakao.CallCount.Should().Be(0, "every stored row had coordinates");
    }

    [Fact]
    public async Task A_UTF8_BOM_battery_box_file_with_CRLF_imports_and_geocodes_the_rows_without_coordinates()
    {
        await using var rig = await ImportRig.StartAsync(fixture.Database);
        rig.Kakao.AddAddress(
            new FakeKakaoAddress("서울특별시 서대문구 연희로 100", "서울특별시 서대문구 연희동 100-1", 37.566812, 126.931544),
            new FakeKakaoAddress("서울특별시 서대문구 가재울로 50", null, 37.576105, 126.915023));
        var source = Samples.NewSource("battery");

        var report = await rig.ImportAsync(Samples.File("battery-lamp-boxes-bom.csv"), source, Samples.Mapping("battery-lamp-boxes.json"));

        report.Encoding.Should().Be("utf-8 (BOM)");
        report.Skipped.Should().BeEmpty();
        report.Inserted.Should().Be(4);
        report.Geocoded.Should().Be(2);
        rig.Kakao.CallCount.Should().Be(2);
        var points = await rig.PointsAsync(source);
        points.Values.Should().OnlyContain(p => p.Kind == "battery-lamp");
        var lamp = points["폐형광등|연희동 주민센터|서울특별시 서대문구 연희로 100"];
        lamp.Latitude.Should().Be(37.566812);
        lamp.Longitude.Should().Be(126.931544);
        lamp.Detail.Should().Be("1층 민원실 입구");
        points["폐건전지|홍은동 아파트 관리사무소, 101동 앞|서울특별시 서대문구 가재울로 50"].Latitude.Should().Be(37.576105);
        points["폐건전지|북가좌동 경로당|"].Address.Should().Be("서울특별시 서대문구 북가좌동 300-7");
    }
}
