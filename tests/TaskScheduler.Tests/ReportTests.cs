using Growbin.ServiceDefaults.Data;
using Growbin.TaskScheduler.Data;
using Growbin.TaskScheduler.Jobs;
using Growbin.TestSupport.Dapr;

namespace Growbin.TaskScheduler.Tests;

public sealed class ReportTests
{
    [Fact]
    public async Task The_daily_report_writes_yesterdays_usage_to_the_database()
    {
        await using var system = new SchedulerSystem();
        system.Budget.Arrange("2030-01-01", 42, 30_000, 1_500, 1.25m);
        system.Budget.Arrange("2030-01-02", 7, 1, 1, 9m);

        await SchedulerSystem.TickAsync(system.Replica("a"));

        var rows = await UsageRowsAsync(system);
        rows.Should().Equal(new UsageRow("2030-01-01", 42, 31_500, 1.25m, SchedulerSystem.Start));
        system.Dapr.PublishedEvents.Should().BeEmpty("the report is a row, not an event");
    }

    [Fact]
    public async Task The_next_day_reports_the_day_that_just_ended_once()
    {
        await using var system = new SchedulerSystem();
        var replica = system.Replica("a");
        await SchedulerSystem.TickAsync(replica);

        system.Clock.Advance(TimeSpan.FromHours(6));
        await SchedulerSystem.TickAsync(replica);
        system.Clock.Advance(TimeSpan.FromHours(8));
        await SchedulerSystem.TickAsync(replica);
        system.Clock.Advance(TimeSpan.FromMinutes(1));
        await SchedulerSystem.TickAsync(replica);

        (await UsageRowsAsync(system)).Select(r => r.Day).Should().Equal("2030-01-01", "2030-01-02");
        (await system.UsageReportWritesAsync()).Should().Be(2);
    }

    [Fact]
    public async Task A_report_the_database_refuses_is_written_on_a_later_tick()
    {
        await using var system = new SchedulerSystem();
        var replica = system.Replica("a");
        var database = await system.DatabaseAsync();
        var refusal = database.Binding.DenyAtExecution(s => s.Sql.Contains("growbin.ai_usage_daily", StringComparison.Ordinal));

        (await SchedulerSystem.TickAsync(replica)).Jobs.Single(j => j.Job == "ai-usage-report").Outcome.Should().Be(JobOutcomes.Failed);
        refusal.Dispose();
        system.Clock.Advance(TimeSpan.FromMinutes(1));
        (await SchedulerSystem.TickAsync(replica)).Jobs.Single(j => j.Job == "ai-usage-report").Outcome.Should().Be(JobOutcomes.Succeeded);

        (await UsageRowsAsync(system)).Should().ContainSingle();
    }

    [Fact]
    public async Task Reporting_a_day_again_replaces_its_numbers()
    {
        await using var system = new SchedulerSystem();
        var store = new AiUsageStore(new PostgresBinding(system.Dapr));
        var day = new DateOnly(2030, 1, 1);

        await store.RecordAsync(day, 1, 10, 0.01m, SchedulerSystem.Start, CancellationToken.None);
        await store.RecordAsync(day, 2, 20, 0.123456m, SchedulerSystem.Start.AddHours(1), CancellationToken.None);

        (await UsageRowsAsync(system)).Should().Equal(new UsageRow("2030-01-01", 2, 20, 0.123456m, SchedulerSystem.Start.AddHours(1)));
    }

    [Fact]
    public async Task A_negative_count_is_refused_by_the_table()
    {
        await using var system = new SchedulerSystem();
        var store = new AiUsageStore(new PostgresBinding(system.Dapr));

        var record = () => store.RecordAsync(new DateOnly(2030, 1, 1), -1, 0, 0m, SchedulerSystem.Start, CancellationToken.None);

        (await record.Should().ThrowAsync<PostgresBindingException>()).Which.SqlState.Should().Be(PostgresBindingException.CheckViolation);
        (await UsageRowsAsync(system)).Should().BeEmpty();
    }

    [Fact]
    public async Task Budget_gauges_show_todays_use_of_each_limit()
    {
        await using var system = new SchedulerSystem();
        system.Budget.CallLimit = 200;
        system.Budget.CostLimitUsd = 10m;
        system.Budget.Arrange("2030-01-02", 160, 1, 1, 2.5m);

        await SchedulerSystem.TickAsync(system.Replica("a"));

        SchedulerSystem.Gauge("growbin_ai_budget_used_ratio", "calls").Should().BeApproximately(0.8, 1e-9);
        SchedulerSystem.Gauge("growbin_ai_budget_used_ratio", "cost").Should().BeApproximately(0.25, 1e-9);
        system.Budget.Reads.Should().Contain("2030-01-02");
    }

    private sealed record UsageRow(string Day, long Calls, long Tokens, decimal CostUsd, DateTimeOffset ReportedAt);

    private static async Task<List<UsageRow>> UsageRowsAsync(SchedulerSystem system)
    {
        var database = await system.DatabaseAsync();
        await using var command = database.Sql.CreateCommand(
            "SELECT day::text, calls, tokens, cost_usd, reported_at FROM growbin.ai_usage_daily ORDER BY day");
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<UsageRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new UsageRow(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetDecimal(3),
                new DateTimeOffset(reader.GetDateTime(4), TimeSpan.Zero)));
        }

        return rows;
    }
}
