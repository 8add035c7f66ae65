using Prometheus;

namespace Growbin.ScanPipeline;

/// <summary>
/// <c>growbin_scan_step_attempts_total{step,outcome}</c> and <c>growbin_scan_duration_seconds{outcome}</c> (ARCHITECTURE §8),
/// counted when the scan finishes, from the attempts its workflow recorded.
/// </summary>
public sealed class ScanMetrics : IScanMetrics
{
    private static readonly Counter StepAttempts = Metrics.CreateCounter(
        "growbin_scan_step_attempts_total", "Attempts of each scan step, by outcome (succeeded, refused, retrying, failed).", "step", "outcome");

    private static readonly Histogram Duration = Metrics.CreateHistogram(
        "growbin_scan_duration_seconds",
        "Time from the start of a scan to its end, by outcome.",
        new HistogramConfiguration { LabelNames = ["outcome"], Buckets = Histogram.ExponentialBuckets(0.25, 2, 10) });

    public void ScanFinished(ScanOutcome outcome)
    {
        foreach (var attempt in outcome.Attempts)
        {
            StepAttempts.WithLabels(attempt.Step, attempt.Outcome).Inc();
        }

        Duration.WithLabels(outcome.State.Status).Observe(Math.Max(0, (outcome.State.UpdatedAt - outcome.StartedAt).TotalSeconds));
    }
}
