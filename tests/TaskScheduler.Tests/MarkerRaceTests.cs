using System.Globalization;
using Growbin.Contracts;
using Growbin.ServiceDefaults.State;
using Growbin.TaskScheduler.Jobs;
using Growbin.TestSupport.Dapr;
using Grpc.Core;

namespace Growbin.TaskScheduler.Tests;

/// <summary>
/// A job's first marker of a period, lost to another replica that wrote it first (its lock had expired mid-run). The
/// marker is created through StateCreate, so against Redis the loser sees an ETag mismatch, not an Internal error that
/// resiliency would retry and the runner would count as a failed job.
/// </summary>
public sealed class MarkerRaceTests
{
    private const string Purge = "raw-upload-purge";
    private const string MarkerKey = "scheduler-job-" + Purge;

    [Fact]
    public async Task A_marker_another_replica_wrote_during_the_run_is_a_clean_loss_and_closes_the_period()
    {
        await using var system = new SchedulerSystem();
        var a = system.Replica("pod-a");
        var period = SchedulerSystem.Start.UtcDateTime.ToString("yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture);
        var rivalWon = false;
        system.Dapr.BeforeNextSave(DaprComponents.StateStore, MarkerKey, () => rivalWon = system.Dapr
            .TryCreateStateAsync(DaprComponents.StateStore, MarkerKey, new JobMarker(period, system.Clock.GetUtcNow(), "pod-b"),
                new Dictionary<string, string> { ["ttlInSeconds"] = "172800" }) // as the other replica writes it (JobRunner.MarkerTtl)
            .GetAwaiter().GetResult());

        var tick = await SchedulerSystem.TickAsync(a);

        rivalWon.Should().BeTrue();
        tick.Jobs.Single(j => j.Job == Purge).Outcome.Should().Be(JobOutcomes.Succeeded);
        system.Dapr.StateFailures.Should().ContainSingle()
            .Which.Should().Match<StateFailure>(f => f.Key == MarkerKey && f.Code == StatusCode.Aborted);
        (await system.Dapr.GetStateAsync<JobMarker>(DaprComponents.StateStore, MarkerKey)).CompletedBy.Should().Be("pod-b");
        (await SchedulerSystem.TickAsync(a)).Jobs.Single(j => j.Job == Purge).Outcome.Should().Be(JobOutcomes.AlreadyDone);
    }
}
