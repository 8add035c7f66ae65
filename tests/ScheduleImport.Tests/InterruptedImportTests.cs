using Growbin.Contracts;
using Growbin.TestSupport.Dapr;

namespace Growbin.ScheduleImport.Tests;

[Collection(ScheduleCollection.Name)]
public sealed class InterruptedImportTests(ScheduleDatabase db) : IAsyncLifetime
{
    public Task InitializeAsync() => db.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(1, "the database went away after registering the import")]
    [InlineData(2, "the database went away after staging the rows, before publishing")]
    public async Task An_import_stopped_before_it_is_published_leaves_the_previous_data_and_a_rerun_replaces_it(int statements, string because)
    {
        await db.ImportAsync(Samples.MapoUtf8);
        var before = await db.PublishedAsync();
        var changed = Samples.TempPath("mapo-changed.csv");
        await File.WriteAllTextAsync(changed, (await File.ReadAllTextAsync(Samples.File(Samples.MapoUtf8))).Replace("망원1동", "망원2동"));
        using var failing = new InMemoryDaprClient();
        failing.RegisterBinding(DaprComponents.Database, new DatabaseGoingAway(db.Database.Binding, statements));
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = await ScheduleImportCommand.RunAsync(["import-schedule", changed], failing, output, error);

        exitCode.Should().Be(ScheduleImportCommand.Failed, because);
        error.ToString().Should().StartWith("the import stopped before it was published, so the previous data stands");
        (await db.PublishedAsync()).Should().Equal(before, because);

        var rerun = await db.ImportFileAsync(changed);

        rerun.Regions.Should().Equal(("서울특별시 마포구", 4));
        (await db.PublishedAsync()).Should().Contain("서울특별시 마포구 망원2동").And.NotContain("서울특별시 마포구 망원1동");
    }

    [Fact]
    public async Task Rows_an_interrupted_import_staged_are_deleted_by_an_import_a_day_later()
    {
        using var failing = new InMemoryDaprClient();
        failing.RegisterBinding(DaprComponents.Database, new DatabaseGoingAway(db.Database.Binding, statementsBeforeFailing: 2));
        (await ScheduleImportCommand.RunAsync(["import-schedule", Samples.File(Samples.MapoUtf8)], failing, TextWriter.Null, TextWriter.Null))
            .Should().Be(ScheduleImportCommand.Failed);
        (await db.CountAsync("collection_schedules")).Should().Be(4, "staged, never published");

        await db.ImportAsync(Samples.EunpyeongBroken);
        (await db.CountAsync("collection_schedules")).Should().Be(6, "an unpublished import younger than a day may still be running");

        await db.ExecAsync("UPDATE growbin.schedule_imports SET started_at = now() - interval '25 hours' WHERE published_at IS NULL");
        await db.ImportAsync(Samples.EunpyeongBroken);

        (await db.CountAsync("collection_schedules")).Should().Be(2);
        (await db.CountAsync("schedule_imports")).Should().Be(2, "the stopped import is gone; the one just replaced goes at the next import");
        (await db.PublishedAsync()).Should().Equal("서울특별시 은평구 대조동", "서울특별시 은평구 불광1동");
    }
}
