using Growbin.Contracts.Pipeline;
using Growbin.ServiceDefaults.Problems;

namespace Growbin.WasteApi;

/// <summary>
/// A scan's progress as its owner sees it; anyone else (or a task id that never existed) gets null. A failure shows
/// only its public reason and fixed message, whatever scan-pipeline sent.
/// </summary>
public sealed class ScanStatusReader(ScanPipelineClient pipeline)
{
    public async Task<ScanStatusResponse?> ReadAsync(string taskId, string userId, CancellationToken cancellationToken = default)
    {
        var scan = await pipeline.ReadAsync(taskId, cancellationToken);
        return scan is null || scan.UserId != userId
            ? null
            : new ScanStatusResponse(taskId, scan.Status, scan.Step, scan.Attempts, scan.Result, PublicScanErrors.Public(scan.Error), scan.SubmittedAt, scan.UpdatedAt);
    }
}
