using Growbin.Contracts;
using Growbin.TaskScheduler.Apis;
using Growbin.TaskScheduler.Jobs;

namespace Growbin.TaskScheduler.Tests;

public sealed class ExactlyOnceTests
{
    [Fact]
    public async Task Two_overlapping_ticks_on_two_replicas_run_each_job_once()
    {
        await using var system = new SchedulerSystem();
        system.Upload("raw/old", TimeSpan.FromDays(2));
        system.Budget.Arrange("2030-01-01", 12, 1000, 200, 0.5m);
        var a = system.Replica("pod-a");
        var b = system.Replica("pod-b");
        // Replica a stops inside the purge (its first job) while holding the purge lock.
        system.Bucket.CloseOn("list");

        var first = SchedulerSystem.TickAsync(a);
        await system.Bucket.Entered.WaitAsync(TimeSpan.FromSeconds(30));
        var second = await SchedulerSystem.TickAsync(b);
        system.Bucket.Open();
        var firstResult = await first;

        second.Jobs.Single(j => j.Job == "raw-upload-purge").Outcome.Should().Be(JobOutcomes.Locked);
        firstResult.Jobs.Single(j => j.Job == "raw-upload-purge").Outcome.Should().Be(JobOutcomes.Succeeded);
        var all = firstResult.Jobs.Concat(second.Jobs).ToList();
        all.GroupBy(j => j.Job).Should().HaveCount(5)
            .And.OnlyContain(g => g.Count(j => j.Outcome == JobOutcomes.Succeeded) == 1, "each job ran on exactly one replica");
        (await system.UsageReportWritesAsync()).Should().Be(1);
        system.Dapr.BindingInvocations.Count(i => i.Operation == "delete").Should().Be(1);
        system.Pipeline.Requests.Should().Be(1);
    }

    [Fact]
    public async Task A_late_tick_of_the_same_period_does_nothing_after_the_first_released_its_locks()
    {
        await using var system = new SchedulerSystem();
        var a = system.Replica("pod-a");
        var b = system.Replica("pod-b");

        var first = await SchedulerSystem.TickAsync(a);
        var late = await SchedulerSystem.TickAsync(b);

        first.Jobs.Should().OnlyContain(j => j.Outcome == JobOutcomes.Succeeded);
        late.Jobs.Should().OnlyContain(j => j.Outcome == JobOutcomes.AlreadyDone);
        (await system.UsageReportWritesAsync()).Should().Be(1);
    }

    [Fact]
    public async Task Concurrent_ticks_on_two_replicas_write_one_report()
    {
        await using var system = new SchedulerSystem();
        var a = system.Replica("pod-a");
        var b = system.Replica("pod-b");

        for (var minute = 0; minute < 5; minute++)
        {
            var ticks = await Task.WhenAll(SchedulerSystem.TickAsync(a), SchedulerSystem.TickAsync(b), SchedulerSystem.TickAsync(a));
            ticks.SelectMany(t => t.Jobs).GroupBy(j => j.Job)
                .Should().OnlyContain(g => g.Count(j => j.Outcome == JobOutcomes.Succeeded) <= 1);
            system.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        (await system.UsageReportWritesAsync()).Should().Be(1);
        system.Pipeline.Requests.Should().Be(5, "the stuck check runs once per minute");
    }

    [Fact]
    public async Task A_lock_held_by_a_replica_that_died_frees_itself_at_its_expiry()
    {
        await using var system = new SchedulerSystem();
        var a = system.Replica("pod-a");
        // A pod that took the purge lock and died without a marker or an unlock.
#pragma warning disable DAPR_DISTRIBUTEDLOCK
        (await system.Dapr.Lock(DaprComponents.Lock, "task-scheduler-raw-upload-purge", "dead-pod", 600)).Success.Should().BeTrue();
#pragma warning restore DAPR_DISTRIBUTEDLOCK

        (await SchedulerSystem.TickAsync(a)).Jobs.Single(j => j.Job == "raw-upload-purge").Outcome.Should().Be(JobOutcomes.Locked);
        system.Clock.Advance(TimeSpan.FromMinutes(11));
        (await SchedulerSystem.TickAsync(a)).Jobs.Single(j => j.Job == "raw-upload-purge").Outcome.Should().Be(JobOutcomes.Succeeded);
    }

    [Fact]
    public async Task The_disabled_switch_makes_ticks_no_ops_answered_200()
    {
        await using var system = new SchedulerSystem();
        system.Upload("raw/old", TimeSpan.FromDays(2));
        var replica = system.Replica("pod-a", ("Scheduler:Enabled", "false"));

        var tick = await SchedulerSystem.TickAsync(replica);

        tick.Enabled.Should().BeFalse();
        tick.Jobs.Should().BeEmpty();
        system.Objects.Objects.Keys.Should().Contain("raw/old");
        system.Dapr.PublishedEvents.Should().BeEmpty();
        system.Pipeline.Requests.Should().Be(0);
        system.Budget.Reads.Should().BeEmpty();
    }

    [Fact]
    public async Task SCHEDULER_ENABLED_false_disables_the_scheduler()
    {
        await using var system = new SchedulerSystem();
        var replica = system.Replica("pod-a", ("SCHEDULER_ENABLED", "false"));

        (await SchedulerSystem.TickAsync(replica)).Enabled.Should().BeFalse();
        system.Pipeline.Requests.Should().Be(0);
    }

    [Fact]
    public async Task The_cron_binding_probe_is_answered()
    {
        await using var system = new SchedulerSystem();
        using var client = system.Replica("pod-a").CreateClient();

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Options, SchedulerTickApi.Route));

        response.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
    }
}
