namespace Growbin.TaskScheduler;

/// <summary>Configuration section <c>Scheduler</c>.</summary>
public sealed class SchedulerOptions
{
    public const string SectionName = "Scheduler";

    /// <summary>False turns every tick into a no-op (answered 200); env <c>SCHEDULER_ENABLED=false</c> sets it too.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Who holds the job locks: the pod name in Kubernetes (HOSTNAME), else machine name plus a random suffix.</summary>
    public string? InstanceId { get; set; }

    /// <summary>raw/ uploads older than this are deleted (ARCHITECTURE §6: 24 h).</summary>
    public TimeSpan RawRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// A stored photo no history row names is deleted once no scan has stored it for this long (the bound on a scan's
    /// time from storing its photo to recording its history row; image-purge).
    /// </summary>
    public TimeSpan ImageRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Objects per S3 list page.</summary>
    public int ListPageSize { get; set; } = 1000;

    /// <summary>A scan in flight for longer than this is flagged as stuck.</summary>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromMinutes(10);
}
