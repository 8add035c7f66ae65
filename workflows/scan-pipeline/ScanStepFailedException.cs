using Growbin.Contracts.Pipeline;

namespace Growbin.ScanPipeline;

/// <summary>Ends a scan: a step refused its input, or ran out of attempts. The workflow fails with it.</summary>
public sealed class ScanStepFailedException(ScanProgress progress)
    : Exception($"Step '{progress.Step}' failed after {progress.Attempt} attempt(s): {progress.Error?.Detail}")
{
    public ScanProgress Progress { get; } = progress;
}
