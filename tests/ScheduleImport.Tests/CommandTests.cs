using System.Text;
using Growbin.Csv;

namespace Growbin.ScheduleImport.Tests;

[Collection(ScheduleCollection.Name)]
public sealed class CommandTests(ScheduleDatabase db) : IAsyncLifetime
{
    public Task InitializeAsync() => db.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_file_is_imported_and_reported_with_exit_code_0()
    {
        var (exitCode, output, _) = await RunAsync("import-schedule", Samples.File(Samples.SeodaemunBundangSejongCp949), "--encoding", "cp949");

        exitCode.Should().Be(ScheduleImportCommand.Processed);
        output.Should().Contain("(cp949) as import").And.Contain("imported:       4").And.Contain("replaced:       3 시·군·구");
        (await db.PublishedAsync()).Should().HaveCount(4);
    }

    [Theory]
    [InlineData("no-such-file.csv")]
    [InlineData("--encoding", "latin-1")]
    [InlineData("--colour")]
    [InlineData()]
    public async Task Bad_arguments_or_a_missing_file_write_nothing_and_exit_2(params string[] args)
    {
        var before = db.Database.Binding.Executed.Count;

        var (exitCode, _, error) = await RunAsync(["import-schedule", .. args.Length == 2 ? [Samples.File(Samples.MapoUtf8), .. args] : args]);

        exitCode.Should().Be(ScheduleImportCommand.UnusableInput);
        error.Should().NotBeEmpty();
        db.Database.Binding.Executed.Count.Should().Be(before);
    }

    [Fact]
    public async Task An_unknown_command_is_a_usage_error()
    {
        (await RunAsync("import", Samples.File(Samples.MapoUtf8))).ExitCode.Should().Be(ScheduleImportCommand.UnusableInput);
    }

    [Fact]
    public async Task A_header_without_a_required_column_is_refused_before_anything_is_written()
    {
        var file = Samples.TempPath("no-days.csv");
        var text = await File.ReadAllTextAsync(Samples.File(Samples.MapoUtf8));
        await File.WriteAllTextAsync(file, text.Replace("생활쓰레기배출요일", "생활쓰레기 배출일", StringComparison.Ordinal));
        var before = db.Database.Binding.Executed.Count;

        var (exitCode, _, error) = await RunAsync("import-schedule", file);

        exitCode.Should().Be(ScheduleImportCommand.UnusableInput);
        error.Should().StartWith("nothing imported: the header lacks the required column 생활쓰레기배출요일");
        db.Database.Binding.Executed.Count.Should().Be(before);
        (await db.CountAsync("schedule_imports")).Should().Be(0);
    }

    [Fact]
    public async Task A_file_named_utf8_that_is_cp949_is_refused_rather_than_read_as_mojibake()
    {
        var (exitCode, _, error) = await RunAsync("import-schedule", Samples.File(Samples.SeodaemunBundangSejongCp949), "--encoding", "utf-8");

        exitCode.Should().Be(ScheduleImportCommand.UnusableInput);
        error.Should().Contain("is not valid UTF-8");
    }

    [Fact]
    public async Task A_utf8_file_with_a_BOM_is_read_when_named_or_guessed()
    {
        var file = Samples.TempPath("bom.csv");
        await File.WriteAllBytesAsync(file, [0xEF, 0xBB, 0xBF, .. await File.ReadAllBytesAsync(Samples.File(Samples.MapoUtf8))]);

        var named = await RunAsync("import-schedule", file, "--encoding", "utf-8", "--dry-run");
        var guessed = await RunAsync("import-schedule", file, "--dry-run");

        named.Output.Should().Contain("(utf-8 (BOM)): nothing written").And.Contain("would import:   4");
        guessed.Output.Should().Contain("(utf-8 (BOM)): nothing written");
    }

    [Fact]
    public async Task A_file_made_by_the_cp949_encoder_imports_like_its_utf8_original()
    {
        var file = Samples.TempPath("mapo-cp949.csv");
        await File.WriteAllBytesAsync(file, CsvFileDecoder.Cp949.GetBytes(await File.ReadAllTextAsync(Samples.File(Samples.MapoUtf8), Encoding.UTF8)));

        var (exitCode, output, _) = await RunAsync("import-schedule", file);

        exitCode.Should().Be(ScheduleImportCommand.Processed);
        output.Should().Contain("(cp949)");
        (await db.PublishedAsync()).Should().Contain("서울특별시 마포구 서교동 일대");
    }

    [Fact]
    public async Task A_file_with_no_good_row_publishes_nothing_and_says_so()
    {
        await db.ImportAsync(Samples.MapoUtf8);
        var file = Samples.TempPath("all-bad.csv");
        var text = await File.ReadAllTextAsync(Samples.File(Samples.MapoUtf8));
        await File.WriteAllTextAsync(file, text.Replace("2026-03-31", "31/03/2026", StringComparison.Ordinal));
        var before = db.Database.Binding.Executed.Count;

        var (exitCode, output, _) = await RunAsync("import-schedule", file);

        exitCode.Should().Be(ScheduleImportCommand.Processed);
        output.Should().Contain("replaced:       nothing").And.Contain("not imported:   4");
        db.Database.Binding.Executed.Count.Should().Be(before);
        (await db.PublishedAsync()).Should().HaveCount(4);
    }

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await ScheduleImportCommand.RunAsync(args, db.Dapr, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}
