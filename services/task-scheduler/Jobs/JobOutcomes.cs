namespace Growbin.TaskScheduler.Jobs;

/// <summary>The <c>outcome</c> label of <c>growbin_scheduler_job_runs_total</c>.</summary>
public static class JobOutcomes
{
    /// <summary>The job ran and finished its period.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>The job threw; its period stays open, so the next tick tries again.</summary>
    public const string Failed = "failed";

    /// <summary>The period was already finished (by this or another replica).</summary>
    public const string AlreadyDone = "already_done";

    /// <summary>Another replica holds the job's lock right now.</summary>
    public const string Locked = "locked";
}
