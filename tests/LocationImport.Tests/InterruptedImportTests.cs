using Growbin.Contracts;
using Growbin.Location.Import;
using Growbin.TestSupport.Dapr;

namespace Growbin.LocationImport.Tests;

[Collection(ImportCollection.Name)]
public sealed class InterruptedImportTests(ImportDatabase fixture)
{
    [Fact]
    public async Task An_import_stopped_by_the_database_keeps_its_batches_and_a_rerun_finishes_it()
    {
        var file = Samples.TempPath("interrupted.csv");
        await using (var writer = new StreamWriter(file))
        {
            SyntheticPoints.WriteCsv(SyntheticPoints.Generate(450, seed: 3), writer);
        }

        var source = Samples.NewSource("interrupted-synthetic");
        using var failing = new InMemoryDaprClient();
        failing.RegisterBinding(DaprComponents.Database, new DatabaseGoingAway(fixture.Database.Binding, statementsBeforeFailing: 2));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var stopped = await ImportCommand.RunAsync(["import", file, "--source", source], failing, output, error);

        stopped.Should().Be(ImportCommand.Failed);
        error.ToString().Should().StartWith("the import stopped: The growbin-db binding failed");
        await using var rig = await ImportRig.StartAsync(fixture.Database);
        (await rig.PointsAsync(source)).Should().HaveCount(400, "the first two 200-row batches were written");

        var rerun = await rig.ImportAsync(file, source);

        (rerun.Inserted, rerun.Updated, rerun.Unchanged).Should().Be((50, 0, 400));
        (await rig.PointsAsync(source)).Should().HaveCount(450);
    }
}
