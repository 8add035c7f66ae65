using Growbin.Contracts.Pipeline;

namespace Growbin.WasteApi;

/// <summary>A scan's progress as its owner sees it; anyone else (or a task id that never existed) gets null.</summary>
public sealed class ScanStatusReader(ScanPipelineClient pipeline)
{
    public async Task<ScanStatusResponse?> ReadAsync(string taskId, string userId, CancellationToken cancellationToken = default)
    {
        var scan = await pipeline.ReadAsync(taskId, cancellationToken);
        return scan is null || scan.UserId != userId
            ? null
            : new ScanStatusResponse(taskId, scan.Status, scan.Step, scan.Attempts, scan.Result, scan.Error, scan.SubmittedAt, scan.UpdatedAt);
    }
}
