using Growbin.Location.Import;
using Growbin.TestSupport.Dapr;

namespace Growbin.LocationImport.Tests;

[Collection(ImportCollection.Name)]
public sealed class CommandTests(ImportDatabase fixture)
{
    private static string ClothingFile => Samples.File("clothing-bins.csv");

    private static string ClothingMapping => Samples.Mapping("clothing-bins.json");

    [Fact]
    public async Task Import_prints_the_report_and_exits_0_even_with_skipped_rows()
    {
        await using var rig = await ImportRig.StartAsync(fixture.Database);
        var source = Samples.NewSource("clothing");

        var run = await rig.RunAsync("import", ClothingFile, "--source", source, "--mapping", ClothingMapping);

        run.ExitCode.Should().Be(ImportCommand.Processed);
        run.Error.Should().BeEmpty();
        run.Output.Should().Contain($"Imported {ClothingFile} into source '{source}' (utf-8)")
            .And.Contain("rows read:     5 (blank rows ignored: 0)")
            .And.Contain("imported (new): 4")
            .And.Contain("updated:        0")
            .And.Contain("unchanged:      0")
            .And.Contain("skipped:       1")
            .And.Contain("line 7 (MP-005): the coordinates (latitude 95, longitude 126.89) are outside South Korea");
        (await rig.PointsAsync(source)).Should().HaveCount(4);
    }

    [Fact]
    public async Task A_dry_run_checks_everything_and_writes_nothing()
    {
        await using var rig = await ImportRig.StartAsync(fixture.Database);
        var source = Samples.NewSource("clothing");

        var run = await rig.RunAsync("import", ClothingFile, "--source", source, "--mapping", ClothingMapping, "--dry-run");

        run.ExitCode.Should().Be(ImportCommand.Processed);
        run.Output.Should().Contain("Dry run of").And.Contain("would import:  4 (nothing written)").And.Contain("line 7 (MP-005)");
        (await rig.PointsAsync(source)).Should().BeEmpty();
        rig.Dapr.BindingInvocations.Should().NotContain(i => i.BindingName == "growbin-db");
    }

    public static TheoryData<string[], string> UnusableInputs() => new()
    {
        { ["import", "/nonexistent/points.csv", "--source", "x"], "nothing imported: cannot read /nonexistent/points.csv*" },
        { ["import", Samples.File("clothing-bins.csv"), "--source", "x", "--mapping", "/nonexistent/mapping.json"], "nothing imported: cannot read the mapping file*" },
        { ["import", Samples.File("clothing-bins.csv"), "--source", "x", "--mapping", Samples.Mapping("medicine-boxes.json")], "nothing imported: *does not fit its mapping: no header for sourceId.composite: none of 시설명 is in the file*" },
        { ["import", Samples.File("clothing-bins.csv"), "--source", "x"], "nothing imported: *no header for sourceId: none of source_id*" },
        { ["import", Samples.File("clothing-bins.csv"), "--source", "Mapo_Clothing"], "nothing imported: source 'Mapo_Clothing' must be lower-case*" },
        { ["import", Samples.File("clothing-bins.csv")], "import needs a file and --source*" },
        { ["import", Samples.File("clothing-bins.csv"), "--source", "x", "--force"], "unknown option or missing value: --force*" },
        { ["export", "points.csv"], "unknown command*" },
        { ["synthesize", "0", "out.csv"], "synthesize needs a count (1 to 1000000) and an output file*" },
        { ["synthesize", "10", "out.csv", "--seed", "abc"], "--seed needs an integer*" },
    };

    [Theory]
    [MemberData(nameof(UnusableInputs))]
    public async Task Unusable_input_exits_2_with_the_reason_and_imports_nothing(string[] args, string error)
    {
        await using var rig = await ImportRig.StartAsync(fixture.Database);

        var run = await rig.RunAsync(args);

        run.ExitCode.Should().Be(ImportCommand.UnusableInput);
        run.Error.Should().Match(error);
        run.Output.Should().BeEmpty();
        rig.Dapr.BindingInvocations.Should().BeEmpty();
    }

    [Theory]
    [InlineData("", "is empty: it has no header")]
    [InlineData("source_id,name,kind,address\n1,\"open,medicine,주소\n2,b,medicine,주소\n", "the file is not readable CSV: line 2: a quoted field is not closed")]
    public async Task An_empty_or_unreadable_CSV_exits_2(string content, string reason)
    {
        var file = Samples.TempPath("broken.csv");
        await File.WriteAllTextAsync(file, content);
        await using var rig = await ImportRig.StartAsync(fixture.Database);

        var run = await rig.RunAsync("import", file, "--source", "broken");

        run.ExitCode.Should().Be(ImportCommand.UnusableInput);
        run.Error.Should().Contain(reason);
    }

    [Fact]
    public async Task A_mapping_with_an_unknown_property_exits_2()
    {
        var mapping = Samples.TempPath("typo.json");
        await File.WriteAllTextAsync(mapping, """
            {"sourceId": {"columns": ["관리번호"]}, "name": {"columns": ["설치장소"]}, "kind": {"fixed": "clothing-bin"},
             "address": {"columns": ["도로명주소"]}, "latitude": {"columns": ["위도"]}, "longitude": {"columns": ["경도"]},
             "openingHour": {"columns": ["운영시간"]}}
            """);
        await using var rig = await ImportRig.StartAsync(fixture.Database);

        var run = await rig.RunAsync("import", ClothingFile, "--source", "x", "--mapping", mapping);

        run.ExitCode.Should().Be(ImportCommand.UnusableInput);
        run.Error.Should().Contain("is not a valid mapping").And.Contain("openingHour");
    }

    [Fact]
    public async Task A_database_that_does_not_answer_stops_the_import_with_exit_1()
    {
        using var dapr = new InMemoryDaprClient(); // no growbin-db component: every statement fails in the sidecar
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await ImportCommand.RunAsync(["import", ClothingFile, "--source", "x", "--mapping", ClothingMapping],
            dapr, output, error);

        exitCode.Should().Be(ImportCommand.Failed);
        error.ToString().Should().Contain("the import stopped: The growbin-db binding failed");
    }

    [Fact]
    public async Task A_write_the_database_refuses_while_it_runs_stops_the_import_with_exit_1_and_no_report()
    {
        // A revoked privilege is checked when the statement runs: the binding's query would answer it with an empty
        // success, and the rows would be reported unchanged. exec reports it.
        await using var rig = await ImportRig.StartAsync(fixture.Database);
        var source = Samples.NewSource("clothing");
        using var denied = rig.Database.Binding.DenyAtExecution(s => s.Params.Count > 0 && s.Params[0].ToString() == source);

        var run = await rig.RunAsync("import", ClothingFile, "--source", source, "--mapping", ClothingMapping);

        run.ExitCode.Should().Be(ImportCommand.Failed);
        run.Error.Should().StartWith("the import stopped: The growbin-db binding failed (SQLSTATE 42501)");
        run.Output.Should().BeEmpty();
        (await rig.PointsAsync(source)).Should().BeEmpty();
    }

    [Fact]
    public async Task Without_a_sidecar_the_command_reports_it_after_checking_the_input()
    {
        using var dapr = new InMemoryDaprClient { SidecarHealthy = false };
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var missingOutput = new StringWriter();
        using var missingError = new StringWriter();

        var exitCode = await ImportCommand.RunAsync(["import", ClothingFile, "--source", "x", "--mapping", ClothingMapping],
            dapr, output, error, sidecarWait: TimeSpan.FromMilliseconds(200));
        var missingFile = await ImportCommand.RunAsync(["import", "/nonexistent/points.csv", "--source", "x"],
            dapr, missingOutput, missingError, sidecarWait: TimeSpan.FromMinutes(5));

        exitCode.Should().Be(ImportCommand.Failed);
        error.ToString().Should().StartWith("nothing imported: no Dapr sidecar answered within 0.2 s");
        missingFile.Should().Be(ImportCommand.UnusableInput, "a missing file is reported without waiting for the sidecar");
        missingError.ToString().Should().StartWith("nothing imported: cannot read /nonexistent/points.csv");
        dapr.BindingInvocations.Should().BeEmpty();
    }

    [Fact]
    public async Task A_cancelled_import_says_so_and_exits_1()
    {
        await using var rig = await ImportRig.StartAsync(fixture.Database);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await ImportCommand.RunAsync(["import", ClothingFile, "--source", "x", "--mapping", ClothingMapping],
            rig.Dapr, output, error, cancellationToken: cancelled.Token);

        exitCode.Should().Be(ImportCommand.Failed);
        error.ToString().Should().StartWith("the import was cancelled");
    }
}
