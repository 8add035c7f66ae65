using Dapr.Client;
using Growbin.Contracts;
using Growbin.ServiceDefaults.State;
using Microsoft.Extensions.Options;

namespace Growbin.TaskScheduler.Jobs;

#pragma warning disable DAPR_DISTRIBUTEDLOCK // The lock API is experimental in the Dapr SDK; it is the building block the design asks for.

/// <summary>
/// Runs every job once per tick, each exactly once per period across replicas: a job first checks its marker (the last
/// period it finished), then takes its Dapr lock, checks the marker again (a replica that just finished and released
/// the lock has written it), runs, and writes the marker with an ETag before unlocking. A job that throws is logged and
/// counted; the others still run, and the failed job's period stays open for the next tick.
/// </summary>
public sealed class JobRunner(
    IEnumerable<IScheduledJob> jobs,
    DaprClient dapr,
    TimeProvider time,
    SchedulerMetrics metrics,
    IOptions<SchedulerOptions> options,
    ILogger<JobRunner> logger)
{
    private const string MarkerPrefix = "scheduler-job-";

    /// <summary>
    /// A marker is needed only while its period lasts (a day at most, ai-usage-report's); kept two days so the key
    /// count stays bounded by the jobs and Redis drops the key of a job that no longer exists.
    /// </summary>
    public static readonly TimeSpan MarkerTtl = TimeSpan.FromDays(2);

    private static readonly Dictionary<string, string> MarkerMetadata = new()
    {
        ["ttlInSeconds"] = ((long)MarkerTtl.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private readonly string _owner = OwnerOf(options.Value);

    /// <summary>The lock owner this instance uses.</summary>
    public string Owner => _owner;

    public async Task<IReadOnlyList<JobRun>> RunTickAsync(CancellationToken cancellationToken)
    {
        var runs = new List<JobRun>();
        foreach (var job in jobs)
        {
            var run = await RunOnceAsync(job, cancellationToken);
            metrics.JobRan(job.Name, run.Outcome);
            runs.Add(run);
        }

        return runs;
    }

    private async Task<JobRun> RunOnceAsync(IScheduledJob job, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var period = job.PeriodOf(now);
        var markerKey = MarkerPrefix + job.Name;
        var lockId = AppIds.TaskScheduler + "-" + job.Name;
        var locked = false;
        try
        {
            var (marker, _) = await ReadMarkerAsync(markerKey, cancellationToken);
            if (marker?.Period == period)
            {
                return new JobRun(job.Name, period, JobOutcomes.AlreadyDone, null);
            }

            var expiry = (int)Math.Ceiling(job.LockExpiry.TotalSeconds);
            var lease = await dapr.Lock(DaprComponents.Lock, lockId, _owner, expiry, cancellationToken);
            if (!lease.Success)
            {
                logger.LogInformation("Job {Job} for {Period} skipped: another instance holds its lock", job.Name, period);
                return new JobRun(job.Name, period, JobOutcomes.Locked, null);
            }

            locked = true;
            var (current, etag) = await ReadMarkerAsync(markerKey, cancellationToken);
            if (current?.Period == period)
            {
                return new JobRun(job.Name, period, JobOutcomes.AlreadyDone, null);
            }

            var summary = await job.RunAsync(now, cancellationToken);
            await WriteMarkerAsync(job, markerKey, new JobMarker(period, time.GetUtcNow(), _owner), etag, cancellationToken);
            logger.LogInformation("Job {Job} finished {Period}: {Summary}", job.Name, period, summary);
            return new JobRun(job.Name, period, JobOutcomes.Succeeded, summary);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(e, "Job {Job} failed for {Period}; the next tick tries again", job.Name, period);
            return new JobRun(job.Name, period, JobOutcomes.Failed, e.Message);
        }
        finally
        {
            if (locked)
            {
                await UnlockAsync(lockId, job.Name);
            }
        }
    }

    private async Task<(JobMarker? Marker, string ETag)> ReadMarkerAsync(string key, CancellationToken cancellationToken)
    {
        var (marker, etag) = await dapr.GetStateAndETagAsync<JobMarker?>(DaprComponents.StateStore, key, cancellationToken: cancellationToken);
        return (marker, etag ?? string.Empty);
    }

    private async Task WriteMarkerAsync(IScheduledJob job, string key, JobMarker marker, string etag, CancellationToken cancellationToken)
    {
        // No ETag = no marker yet: created (StateCreate), so a concurrent creator wins and this write answers false.
        if (!await dapr.TrySaveOrCreateStateAsync(DaprComponents.StateStore, key, marker, etag, MarkerMetadata, cancellationToken))
        {
            // Only possible if the lock expired mid-run and another instance finished the same job: the work is done twice
            // but idempotent; say so, as the lock expiry is then too short.
            logger.LogWarning("Job {Job}: its marker changed while it ran (lock expired?); {Period} was finished elsewhere too", job.Name, marker.Period);
        }
    }

    private async Task UnlockAsync(string lockId, string job)
    {
        try
        {
            // Not the request's token: a cancelled request must still give the lock back.
            await dapr.Unlock(DaprComponents.Lock, lockId, _owner, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Job {Job}: unlock failed; the lock frees itself at its expiry", job);
        }
    }

    private static string OwnerOf(SchedulerOptions options) =>
        !string.IsNullOrWhiteSpace(options.InstanceId) ? options.InstanceId
        : Environment.GetEnvironmentVariable("HOSTNAME") is { Length: > 0 } pod ? pod
        : $"{Environment.MachineName}-{Guid.NewGuid():N}";
}
