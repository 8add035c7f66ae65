using System.Globalization;
using System.Net;
using System.Text.Json;
using Growbin.Contracts;

namespace Growbin.E2E.Tests;

/// <summary>
/// The cron tick: the <c>scheduler-tick</c> input binding (components/scheduler-tick.yaml, bindings.cron
/// <c>@every 1m</c>) makes task-scheduler's sidecar POST <c>/scheduler-tick</c>, and each tick runs the due jobs
/// (services/task-scheduler/Jobs/JobRunner.cs). What a tick leaves behind: each job that finished writes its marker
/// <c>scheduler-job-{job}</c> <c>{period, completedAt, completedBy}</c> in task-scheduler's state, and the app counts the
/// run in <c>growbin_scheduler_job_runs_total{job,outcome}</c>. <c>ai-budget-gauges</c> has a period of one minute, so
/// every tick runs it: it reads today's AI budget from vision-analyzer (service invocation) and sets
/// <c>growbin_ai_budget_used_ratio{limit="calls"}</c>. <c>raw-upload-purge</c> runs once an hour.
/// </summary>
[Collection(RunningSystemCollection.Name)]
public sealed class CronTickThroughSidecarTests(RunningSystem system)
{
    /// <summary>Two cron periods and the time a tick takes; a bound on waiting, not a speed check.</summary>
    private static readonly TimeSpan TickDeadline = TimeSpan.FromMinutes(3);

    private const string Gauges = "ai-budget-gauges";
    private const string Purge = "raw-upload-purge";

    [DaprdFact]
    public async Task A_cron_tick_runs_the_jobs_and_leaves_their_markers_and_metrics()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var scheduler = system.Apps[AppIds.TaskScheduler];
        var ready = $"http://127.0.0.1:{scheduler.DaprHttpPort}/v1.0/invoke/{AppIds.TaskScheduler}/method/readyz";
        (await Eventually.GetAsync(http, ready)).Should().Be(HttpStatusCode.OK, "task-scheduler is ready");
        var started = DateTimeOffset.UtcNow;
        var runsBefore = await SucceededRunsAsync(http, scheduler, Gauges, CancellationToken.None);

        // A marker written after the test started can only come from a tick that fired since.
        var (ticked, marker) = await Eventually.UntilAsync(
            ct => Sidecars.GetStateAsync(http, scheduler.DaprHttpPort, "scheduler-job-" + Gauges, ct),
            m => m is { } found && CompletedAt(found) > started, TickDeadline, TimeSpan.FromSeconds(2));
        ticked.Should().BeTrue($"a cron tick ran {Gauges} within {TickDeadline} (marker: {marker})");
        marker!.Value.GetProperty("completedBy").GetString().Should().NotBeNullOrEmpty("the marker names the instance that ran the job");

        (await SucceededRunsAsync(http, scheduler, Gauges, CancellationToken.None)).Should().BeGreaterThan(runsBefore);
        var metrics = await MetricsAsync(http, scheduler, CancellationToken.None);
        metrics.Should().Contain(line => line.StartsWith("growbin_ai_budget_used_ratio{limit=\"calls\"}", StringComparison.Ordinal),
            "the gauge job read today's budget from vision-analyzer");

        // The hourly purge ran in this hour's first tick (this one or an earlier one).
        var purge = await Sidecars.GetStateAsync(http, scheduler.DaprHttpPort, "scheduler-job-" + Purge);
        purge.Should().NotBeNull($"{Purge} ran on a tick");
        string.CompareOrdinal(purge!.Value.GetProperty("period").GetString(),
            started.UtcDateTime.ToString("yyyy-MM-dd'T'HH", CultureInfo.InvariantCulture)).Should().BeGreaterThanOrEqualTo(0,
            "the purge's period is the current UTC hour");
    }

    private static DateTimeOffset CompletedAt(JsonElement marker) => marker.GetProperty("completedAt").GetDateTimeOffset();

    /// <summary>task-scheduler's own Prometheus endpoint, on its app port.</summary>
    private static async Task<IReadOnlyList<string>> MetricsAsync(HttpClient http, DaprApp app, CancellationToken cancellationToken) =>
        (await http.GetStringAsync($"http://localhost:{app.AppPort}/metrics", cancellationToken)).Split('\n');

    private static async Task<double> SucceededRunsAsync(HttpClient http, DaprApp app, string job, CancellationToken cancellationToken) =>
        (await MetricsAsync(http, app, cancellationToken))
            .Where(line => line.StartsWith("growbin_scheduler_job_runs_total{", StringComparison.Ordinal)
                && line.Contains($"job=\"{job}\"", StringComparison.Ordinal)
                && line.Contains("outcome=\"succeeded\"", StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
}
