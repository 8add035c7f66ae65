namespace Growbin.TaskScheduler.Jobs;

/// <summary>
/// A periodic job. <see cref="JobRunner"/> runs it at most once per <see cref="PeriodOf"/> value, under a Dapr lock,
/// however many ticks (or replicas) arrive in that period.
/// </summary>
public interface IScheduledJob
{
    /// <summary>Metric label, lock resource and marker key; kebab-case.</summary>
    string Name { get; }

    /// <summary>Longer than the job can take: the lock outlives the run, and frees itself if the pod dies.</summary>
    TimeSpan LockExpiry { get; }

    /// <summary>The period the instant belongs to; ticks with the same period run the job once.</summary>
    string PeriodOf(DateTimeOffset now);

    /// <summary>Runs the job for the period of <paramref name="now"/>; returns a one-line summary for the log. Throws on failure.</summary>
    Task<string> RunAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
