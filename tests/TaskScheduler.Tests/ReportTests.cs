using Growbin.Contracts;
using Growbin.Contracts.Events;
using Growbin.TaskScheduler.Jobs;

namespace Growbin.TaskScheduler.Tests;

public sealed class ReportTests
{
    [Fact]
    public async Task The_daily_report_publishes_yesterdays_usage()
    {
        await using var system = new SchedulerSystem();
        system.Budget.Arrange("2030-01-01", 42, 30_000, 1_500, 1.25m);
        system.Budget.Arrange("2030-01-02", 7, 1, 1, 9m);

        await SchedulerSystem.TickAsync(system.Replica("a"));

        var report = system.Dapr.Published<AiUsageDaily>(Topics.AiUsageDaily).Should().ContainSingle().Subject;
        report.Date.Should().Be(new DateOnly(2030, 1, 1));
        report.Calls.Should().Be(42);
        report.Tokens.Should().Be(31_500);
        report.CostUsd.Should().Be(1.25m);
        report.OccurredAt.Should().Be(SchedulerSystem.Start);
        report.Id.Should().Be(AiUsageReport.EventIdFor("2030-01-01"));
        system.Dapr.PublishedEvents.Single().PubsubName.Should().Be(DaprComponents.PubSub);
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

        system.Dapr.Published<AiUsageDaily>(Topics.AiUsageDaily).Select(r => r.Date)
            .Should().Equal(new DateOnly(2030, 1, 1), new DateOnly(2030, 1, 2));
    }

    [Fact]
    public async Task A_report_that_cannot_be_published_is_published_on_a_later_tick()
    {
        await using var system = new SchedulerSystem();
        var replica = system.Replica("a");
        system.Dapr.FailPublishTimes(Topics.AiUsageDaily, 1);

        (await SchedulerSystem.TickAsync(replica)).Jobs.Single(j => j.Job == "ai-usage-report").Outcome.Should().Be(JobOutcomes.Failed);
        system.Clock.Advance(TimeSpan.FromMinutes(1));
        (await SchedulerSystem.TickAsync(replica)).Jobs.Single(j => j.Job == "ai-usage-report").Outcome.Should().Be(JobOutcomes.Succeeded);

        system.Dapr.Published<AiUsageDaily>(Topics.AiUsageDaily).Should().ContainSingle();
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
}
