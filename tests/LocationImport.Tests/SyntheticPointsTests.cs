using System.Text;
using Growbin.Location.Import;
using Growbin.Location.Points;

namespace Growbin.LocationImport.Tests;

[Collection(ImportCollection.Name)]
public sealed class SyntheticPointsTests(ImportDatabase fixture)
{
    /// <summary>How services/location/data/demo-synthetic.csv was made: <c>synthesize 84 … --seed 1</c>.</summary>
    private const int DemoCount = 84;
    private const int DemoSeed = 1;

    [Fact]
    public void The_same_seed_gives_the_same_points_and_another_seed_other_points()
    {
        var first = SyntheticPoints.Generate(500, seed: 42);
        var again = SyntheticPoints.Generate(500, seed: 42);
        var other = SyntheticPoints.Generate(500, seed: 43);

        again.Should().Equal(first);
        other.Select(p => (p.Latitude, p.Longitude)).Should().NotEqual(first.Select(p => (p.Latitude, p.Longitude)));
        SyntheticPoints.Generate(10, seed: 42).Should().Equal(first.Take(10), "a smaller count is a prefix of a larger one");
    }

    [Fact]
    public void Generated_points_say_they_are_synthetic_cover_every_kind_and_lie_in_Seoul()
    {
        var points = SyntheticPoints.Generate(1000, seed: 7);

        points.Select(p => p.SourceId).Should().OnlyHaveUniqueItems().And.StartWith("synthetic-0001").And.EndWith("synthetic-1000");
        points.Select(p => p.Name).Should().OnlyContain(n => n.StartsWith("[합성] ")).And.OnlyHaveUniqueItems();
        points.Should().OnlyContain(p => p.Address.StartsWith("[합성] ") && p.Detail.Contains("실제 장소가 아닙니다"));
        points.Take(6).Select(p => p.Kind).Should().BeEquivalentTo(PointKinds.KoreanNames.Keys);
        points.Should().OnlyContain(p => PointKinds.IsKnown(p.Kind));
        points.Should().OnlyContain(p => p.Latitude > 37.45 && p.Latitude < 37.6 && p.Longitude > 126.88 && p.Longitude < 127.13);
        points.Select(p => p.District).Distinct().Should().HaveCountGreaterThan(3);
    }

    [Fact]
    public void The_committed_demo_dataset_is_what_the_generator_makes()
    {
        using var expected = new StringWriter();
        SyntheticPoints.WriteCsv(SyntheticPoints.Generate(DemoCount, DemoSeed), expected);

        File.ReadAllText(Samples.DemoDataset, Encoding.UTF8).Should().Be(expected.ToString());
    }

    [Fact]
    public async Task The_demo_dataset_imports_completely_with_every_name_marked_synthetic()
    {
        await using var rig = await ImportRig.StartAsync(fixture.Database);

        var run = await rig.RunAsync("import", Samples.DemoDataset, "--source", SyntheticPoints.DemoSource,
            "--mapping", Samples.Mapping("growbin-layout.json"));

        run.ExitCode.Should().Be(ImportCommand.Processed);
        run.Output.Should().Contain($"imported (new): {DemoCount}").And.Contain("skipped:       0");
        var points = await rig.PointsAsync(SyntheticPoints.DemoSource);
        points.Should().HaveCount(DemoCount);
        points.Keys.Should().Contain(["synthetic-0001", "synthetic-0084"]);
        points.Values.Should().OnlyContain(p => p.Name.StartsWith("[합성] "));
        points.Values.Select(p => p.Kind).Distinct().Should().BeEquivalentTo(PointKinds.KoreanNames.Keys);
        rig.Kakao.CallCount.Should().Be(0);
        var first = SyntheticPoints.Generate(1, DemoSeed)[0];
        points[first.SourceId].Latitude.Should().Be(first.Latitude);
        points[first.SourceId].Longitude.Should().Be(first.Longitude);
    }

    [Fact]
    public async Task The_synthesize_command_writes_a_file_the_importer_takes_without_a_mapping_in_batches()
    {
        var file = Samples.TempPath("bench.csv");
        await using var rig = await ImportRig.StartAsync(fixture.Database);
        var source = Samples.NewSource("bench-synthetic");
        var upsertsBefore = Upserts();
        var updatesBefore = Updates();

        var synthesize = await rig.RunAsync("synthesize", "450", file, "--seed", "9");
        var import = await rig.RunAsync("import", file, "--source", source);

        synthesize.ExitCode.Should().Be(ImportCommand.Processed);
        synthesize.Output.Should().Contain($"wrote 450 synthetic points (seed 9) to {file}");
        import.ExitCode.Should().Be(ImportCommand.Processed);
        import.Output.Should().Contain("imported (new): 450");
        Upserts().Should().Be(upsertsBefore + 3, "450 rows go in statements of 200, 200 and 50");
        updatesBefore.Should().Be(Updates(), "every row was new, so no batch needed its update");
        var points = await rig.PointsAsync(source);
        points.Should().HaveCount(450);
        var expected = SyntheticPoints.Generate(450, seed: 9);
        points.Values.Select(p => (p.SourceId, p.Name, p.Kind, p.Latitude, p.Longitude)).Should().BeEquivalentTo(
            expected.Select(p => (p.SourceId, p.Name, p.Kind, p.Latitude, p.Longitude)));

        int Upserts() => rig.Database.Binding.Executed.Count(s => s.Sql == CollectionPointImportQueries.InsertNew);
        int Updates() => rig.Database.Binding.Executed.Count(s => s.Sql == CollectionPointImportQueries.UpdateChanged);
    }
}
