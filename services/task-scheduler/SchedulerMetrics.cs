using Prometheus;

namespace Growbin.TaskScheduler;

/// <summary>
/// task-scheduler's metrics. The alert rules use these exact names: <c>growbin_scheduler_job_runs_total{job,outcome}</c>,
/// <c>growbin_scan_pipelines_stuck</c>, <c>growbin_ai_budget_used_ratio{limit}</c>. A metrics failure never fails a job.
/// </summary>
public sealed class SchedulerMetrics(ILogger<SchedulerMetrics> logger)
{
    private static readonly Counter JobRuns = Metrics.CreateCounter(
        "growbin_scheduler_job_runs_total", "Scheduler job runs per tick, by job and outcome (succeeded, failed, already_done, locked).",
        "job", "outcome");

    private static readonly Gauge StuckPipelines = Metrics.CreateGauge(
        "growbin_scan_pipelines_stuck", "Scans in flight for longer than the stuck threshold (10 min by default), at the last check.");

    private static readonly Gauge BudgetUsed = Metrics.CreateGauge(
        "growbin_ai_budget_used_ratio", "Today's AI usage over its daily limit (calls, cost).", "limit");

    public void JobRan(string job, string outcome) => Safely(() => JobRuns.WithLabels(job, outcome).Inc());

    public void StuckScans(int count) => Safely(() => StuckPipelines.Set(count));

    public void BudgetRatio(string limit, double ratio) => Safely(() => BudgetUsed.WithLabels(limit).Set(ratio));

    private void Safely(Action record)
    {
        try
        {
            record();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Recording a scheduler metric failed; the job goes on");
        }
    }
}
