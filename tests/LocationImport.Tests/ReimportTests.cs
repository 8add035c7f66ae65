using System.Text;
using Growbin.TestSupport.Kakao;

namespace Growbin.LocationImport.Tests;

[Collection(ImportCollection.Name)]
public sealed class ReimportTests(ImportDatabase fixture)
{
    private static string ClothingMapping => Samples.Mapping("clothing-bins.json");

    [Fact]
    public async Task Importing_the_same_file_again_leaves_every_row_unchanged()
    {
        await using var rig = await ImportRig.StartAsync(fixture.Database);
        var source = Samples.NewSource("clothing");
        var first = await rig.ImportAsync(Samples.File("clothing-bins.csv"), source, ClothingMapping);
        var before = await rig.PointsAsync(source);

        var again = await rig.ImportAsync(Samples.File("clothing-bins.csv"), source, ClothingMapping);

        first.Inserted.Should().Be(4);
        again.Inserted.Should().Be(0);
        again.Updated.Should().Be(0);
        again.Unchanged.Should().Be(4);
        (await rig.PointsAsync(source)).Should().BeEquivalentTo(before, "an unchanged row is not rewritten (updated_at too)");
    }

    [Fact]
    public async Task A_changed_name_or_a_moved_point_updates_only_that_row()
    {
        await using var rig = await ImportRig.StartAsync(fixture.Database);
        var source = Samples.NewSource("clothing");
        var original = await File.ReadAllTextAsync(Samples.File("clothing-bins.csv"), Encoding.UTF8);
        await rig.ImportAsync(Samples.File("clothing-bins.csv"), source, ClothingMapping);
        var before = await rig.PointsAsync(source);

        var renamed = Samples.TempPath("renamed.csv");
        await File.WriteAllTextAsync(renamed, original.Replace("망원1동 주민센터 앞", "망원1동 주민센터 뒤", StringComparison.Ordinal));
        var rename = await rig.ImportAsync(renamed, source, ClothingMapping);
        var moved = Samples.TempPath("moved.csv");
        await File.WriteAllTextAsync(moved, original
            .Replace("망원1동 주민센터 앞", "망원1동 주민센터 뒤", StringComparison.Ordinal)
            .Replace("37.5632,126.924", "37.5632,126.92401", StringComparison.Ordinal));
        var move = await rig.ImportAsync(moved, source, ClothingMapping);

        (rename.Inserted, rename.Updated, rename.Unchanged).Should().Be((0, 1, 3));
        (move.Inserted, move.Updated, move.Unchanged).Should().Be((0, 1, 3), "a point moved by about a metre is a change");
        var after = await rig.PointsAsync(source);
        after["MP-001"].Name.Should().Be("망원1동 주민센터 뒤");
        after["MP-001"].UpdatedAt.Should().BeAfter(before["MP-001"].UpdatedAt);
        after["MP-003"].Longitude.Should().Be(126.92401);
        after["MP-003"].UpdatedAt.Should().BeAfter(before["MP-003"].UpdatedAt);
        after["MP-002"].Should().Be(before["MP-002"]);
        after["MP-004"].Should().Be(before["MP-004"]);
    }

    [Fact]
    public async Task A_geocoded_file_imported_again_is_unchanged()
    {
        await using var rig = await ImportRig.StartAsync(fixture.Database);
        rig.Kakao.AddAddress(
            new FakeKakaoAddress("서울특별시 서대문구 연희로 100", "서울특별시 서대문구 연희동 100-1", 37.566812, 126.931544),
            new FakeKakaoAddress(null, "서울특별시 서대문구 연희동 200-5", 37.570133, 126.933301),
            new FakeKakaoAddress("서울특별시 서대문구 가재울로 50", null, 37.576105, 126.915023));
        var source = Samples.NewSource("medicine");

        await rig.ImportAsync(Samples.File("medicine-boxes.csv"), source, Samples.Mapping("medicine-boxes.json"));
        var again = await rig.ImportAsync(Samples.File("medicine-boxes.csv"), source, Samples.Mapping("medicine-boxes.json"));

        (again.Inserted, again.Updated, again.Unchanged).Should().Be((0, 0, 4));
        rig.Kakao.CallCount.Should().Be(8, "the address cache lasts one run");
    }
}
