using Growbin.Contracts;
using Growbin.TaskScheduler.Jobs;
using Growbin.TestSupport.Dapr;

namespace Growbin.TaskScheduler.Tests;

/// <summary>
/// Redis runs with <c>noeviction</c>: a key written without a TTL stays until Redis is full. A job's marker is one key
/// per job, written with a TTL that outlives the longest period (a day), so a removed job's marker goes too.
/// </summary>
public sealed class StateTtlTests
{
    [Fact]
    public async Task Every_marker_a_tick_writes_expires_after_two_days_and_a_later_tick_renews_it()
    {
        await using var system = new SchedulerSystem();
        system.Budget.Arrange("2030-01-01", 12, 1000, 200, 0.5m);
        var replica = system.Replica("pod-a");

        var tick = await SchedulerSystem.TickAsync(replica);
        tick.Jobs.Should().OnlyContain(j => j.Outcome == JobOutcomes.Succeeded);

        var markers = StateTtlAudit.Of(system.Dapr).Keys.Where(k => k.Key.StartsWith("scheduler-job-", StringComparison.Ordinal)).ToList();
        markers.Select(m => m.Key).Should().BeEquivalentTo(tick.Jobs.Select(j => "scheduler-job-" + j.Job));
        markers.Should().OnlyContain(m => m.Ttl == JobRunner.MarkerTtl);

        system.Clock.Advance(TimeSpan.FromHours(25));
        (await SchedulerSystem.TickAsync(replica)).Jobs.Should().OnlyContain(j => j.Outcome == JobOutcomes.Succeeded, "every period is new");
        system.Dapr.TtlOf(DaprComponents.StateStore, "scheduler-job-ai-usage-report").Should().Be(JobRunner.MarkerTtl, "the rewrite restarts the TTL");
        StateTtlAudit.Of(system.Dapr).WithoutTtl.Should().BeEmpty();
    }
}
