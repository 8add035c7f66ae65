namespace Growbin.Contracts.Pipeline;

/// <summary>
/// A scan whose pipeline has started and not finished, as scan-pipeline lists them for task-scheduler's stuck check
/// (service invocation, GET <see cref="Path"/>).
/// </summary>
public sealed record InFlightScan(string ScanId, DateTimeOffset StartedAt)
{
    /// <summary>scan-pipeline's internal method; reached only through its sidecar.</summary>
    public const string Path = "internal/scans/in-flight";
}
