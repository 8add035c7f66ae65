using Prometheus;

namespace Growbin.ImageUploader;

/// <summary>
/// <c>growbin_images_processed_total{outcome}</c>: stored, rejected or replayed. Counting is best effort: a metrics
/// failure is logged and never fails the upload it counts.
/// </summary>
public sealed class UploadMetrics(ILogger<UploadMetrics> logger, Counter? processed = null)
{
    public const string Stored = "stored";
    public const string Rejected = "rejected";
    public const string Replayed = "replayed";

    private static readonly Counter Processed = Metrics.CreateCounter(
        "growbin_images_processed_total",
        "Uploads the upload activity finished, by outcome: stored (a new normalized image), rejected (not an image, " +
        "too large, raw upload missing) or replayed (a redelivered call answered from the stored result).",
        new CounterConfiguration { LabelNames = ["outcome"] });

    private readonly Counter _processed = processed ?? Processed;

    public void Count(string outcome)
    {
        try
        {
            _processed.WithLabels(outcome).Inc();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not count an upload with outcome {Outcome}", outcome);
        }
    }
}
