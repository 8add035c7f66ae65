using Growbin.Contracts.Pipeline;

namespace Growbin.ScanPipeline;

/// <summary>
/// Ends a scan: a step refused its input, or ran out of attempts. The workflow fails with it. <see cref="Progress"/>
/// holds the public error; the message, with the internal detail, is for logs and Dapr's failure details only.
/// </summary>
public sealed class ScanStepFailedException(ScanProgress progress, string type, string internalDetail)
    : Exception($"Step '{progress.Step}' failed after {progress.Attempt} attempt(s): {type}: {internalDetail}")
{
    public ScanProgress Progress { get; } = progress;
}
