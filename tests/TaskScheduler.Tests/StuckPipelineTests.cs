using System.Net;
using Growbin.TaskScheduler.Jobs;

namespace Growbin.TaskScheduler.Tests;

public sealed class StuckPipelineTests
{
    private const string Stuck = "stuck-pipeline-check";

    [Fact]
    public async Task Scans_in_flight_longer_than_10_minutes_are_counted_as_stuck()
    {
        await using var system = new SchedulerSystem();
        var now = SchedulerSystem.Start;
        system.Pipeline.Add("scan-old", now.AddMinutes(-45));
        system.Pipeline.Add("scan-edge", now.AddMinutes(-10).AddSeconds(-1));
        system.Pipeline.Add("scan-young", now.AddMinutes(-9));

        var tick = await SchedulerSystem.TickAsync(system.Replica("a"));

        tick.Jobs.Single(j => j.Job == Stuck).Detail.Should().Be("3 in flight, 2 stuck");
        SchedulerSystem.Gauge("growbin_scan_pipelines_stuck").Should().Be(2);
    }

    [Fact]
    public async Task The_threshold_is_configurable_and_the_gauge_follows_each_check()
    {
        await using var system = new SchedulerSystem();
        system.Pipeline.Add("scan-1", SchedulerSystem.Start.AddMinutes(-3));
        var replica = system.Replica("a", ("Scheduler:StuckAfter", "00:05:00"));

        await SchedulerSystem.TickAsync(replica);
        SchedulerSystem.Gauge("growbin_scan_pipelines_stuck").Should().Be(0);

        system.Clock.Advance(TimeSpan.FromMinutes(3));
        await SchedulerSystem.TickAsync(replica);
        SchedulerSystem.Gauge("growbin_scan_pipelines_stuck").Should().Be(1);
    }

    [Fact]
    public async Task A_failing_job_does_not_stop_the_others_and_is_counted()
    {
        await using var system = new SchedulerSystem();
        system.Upload("raw/old", TimeSpan.FromDays(2));
        system.Pipeline.Status = HttpStatusCode.InternalServerError;
        system.Budget.Failure = new InvalidOperationException("budget actor unreachable");
        var failedBefore = SchedulerSystem.Runs(Stuck, JobOutcomes.Failed);
        var reportFailedBefore = SchedulerSystem.Runs("ai-usage-report", JobOutcomes.Failed);
        var purgedBefore = SchedulerSystem.Runs("raw-upload-purge", JobOutcomes.Succeeded);

        var tick = await SchedulerSystem.TickAsync(system.Replica("a"));

        tick.Jobs.Select(j => (j.Job, j.Outcome)).Should().Equal(
            ("raw-upload-purge", JobOutcomes.Succeeded),
            ("image-purge", JobOutcomes.Succeeded),
            ("ai-usage-report", JobOutcomes.Failed),
            ("ai-budget-gauges", JobOutcomes.Failed),
            (Stuck, JobOutcomes.Failed));
        system.Objects.Objects.Should().BeEmpty();
        SchedulerSystem.Runs(Stuck, JobOutcomes.Failed).Should().Be(failedBefore + 1);
        SchedulerSystem.Runs("ai-usage-report", JobOutcomes.Failed).Should().Be(reportFailedBefore + 1);
        SchedulerSystem.Runs("raw-upload-purge", JobOutcomes.Succeeded).Should().Be(purgedBefore + 1);
    }
}
