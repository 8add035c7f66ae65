using Growbin.Workflows;
using Prometheus;

namespace Growbin.ScanPipeline;

/// <summary>
/// <c>growbin_scan_step_attempts_total{step,outcome}</c> and <c>growbin_scan_duration_seconds{outcome}</c>
/// (ARCHITECTURE §8). The runtime calls it as an observer: if it throws, the scan goes on unaffected.
/// </summary>
public sealed class ScanMetrics : IWorkflowObserver
{
    private static readonly Counter StepAttempts = Metrics.CreateCounter(
        "growbin_scan_step_attempts_total", "Attempts of each scan step, by outcome (succeeded, retrying, failed).", "step", "outcome");

    private static readonly Histogram Duration = Metrics.CreateHistogram(
        "growbin_scan_duration_seconds",
        "Time from the start of a scan to its end, by outcome.",
        new HistogramConfiguration { LabelNames = ["outcome"], Buckets = Histogram.ExponentialBuckets(0.25, 2, 10) });

    public void ActivityAttempted(string workflow, PendingActivity activity, ActivityOutcome outcome) =>
        StepAttempts.WithLabels(activity.Name, outcome.Succeeded ? "succeeded" : outcome.Retryable ? "retrying" : "failed").Inc();

    public void WorkflowFinished(string workflow, string instanceId, WorkflowInstance instance) =>
        Duration.WithLabels(instance.Status == WorkflowRuntimeStatus.Completed ? "completed" : "failed")
            .Observe((instance.LastUpdatedAt - instance.CreatedAt).TotalSeconds);
}
