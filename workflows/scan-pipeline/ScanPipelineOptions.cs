namespace Growbin.ScanPipeline;

/// <summary>Config section <c>Pipeline</c>. The steps' retry policies are code: <see cref="ScanRetryPolicies"/>.</summary>
public sealed class ScanPipelineOptions
{
    public const string SectionName = "Pipeline";

    /// <summary>
    /// How long a finished scan stays readable once Dapr's <c>stateRetentionPolicy</c> has purged its workflow
    /// (components/config.yaml): the outcome is kept in the state store for this long.
    /// </summary>
    public TimeSpan ResultTtl { get; set; } = TimeSpan.FromDays(7);
}
