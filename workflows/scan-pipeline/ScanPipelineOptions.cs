using Growbin.Workflows;

namespace Growbin.ScanPipeline;

/// <summary>
/// The retry policy of each step (config section <c>Pipeline</c>). Defaults are ARCHITECTURE §3: upload 3/1s/×2/10s,
/// analyze 3/2s/×2/30s, rules 5/1s/×2/30s, respond 5/1s/×2/30s; maxAttempts counts the first try.
/// </summary>
public sealed class ScanPipelineOptions
{
    public const string SectionName = "Pipeline";

    public RetrySettings Upload { get; set; } = new(3, TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(10));

    /// <summary>The paid step. Only transient failures (timeout, 429, 5xx) are retried; a 4xx ends the scan.</summary>
    public RetrySettings Analyze { get; set; } = new(3, TimeSpan.FromSeconds(2), 2, TimeSpan.FromSeconds(30));

    public RetrySettings Rules { get; set; } = new(5, TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(30));

    public RetrySettings Respond { get; set; } = new(5, TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(30));

    /// <summary>Publishing scan-completed / scan-failed; an event that cannot be published does not undo the scan.</summary>
    public RetrySettings Publish { get; set; } = new(5, TimeSpan.FromSeconds(1), 2, TimeSpan.FromSeconds(30));

    public sealed record RetrySettings(int MaxAttempts, TimeSpan FirstInterval, double BackoffCoefficient, TimeSpan MaxInterval)
    {
        public RetrySettings()
            : this(1, TimeSpan.FromSeconds(1), 1, TimeSpan.FromSeconds(1))
        {
        }

        public WorkflowRetryPolicy ToPolicy() => new(MaxAttempts, FirstInterval, BackoffCoefficient, MaxInterval);
    }
}
