using Dapr.Client;
using Dapr.Workflow;
using Grpc.Core;
using Growbin.Contracts;
using Growbin.Contracts.Pipeline;
using Growbin.ServiceDefaults.State;

namespace Growbin.ScanPipeline;

/// <summary>
/// Forgets every scan of a deleted account (<c>user-deleted</c>), found through <see cref="UserScans"/>: a running
/// workflow is terminated (its activities in flight still finish, but nothing is scheduled after them), every instance
/// is purged from the workflow state, the scan leaves the in-flight index, image-uploader forgets the upload step's
/// result and raw upload (<see cref="UploadsApi"/>), and the kept outcomes go with the user's index in one transaction.
/// Each part is safe to repeat; a failure is thrown, so the event is redelivered and the rest done then. An instance
/// whose input names another user is left alone: only the owner's scans are deleted.
/// </summary>
public sealed class ScanPurge(
    DaprWorkflowClient workflows,
    DaprClient dapr,
    InFlightScanIndex inFlight,
    [FromKeyedServices(UserScans.IndexName)] UserKeyIndex userScans,
    ILogger<ScanPurge> logger)
{
    private readonly Lazy<HttpClient> _uploader = new(() => dapr.CreateInvokableHttpClient(AppIds.ImageUploader));

    public async Task ForgetAsync(string userId, CancellationToken cancellationToken)
    {
        var taskIds = await userScans.ListAsync(userId, cancellationToken);
        foreach (var taskId in taskIds)
        {
            await ForgetWorkflowAsync(taskId, userId, cancellationToken);
            await inFlight.RemoveAsync(taskId, cancellationToken);
            using var forgotten = await _uploader.Value.DeleteAsync(UploadsApi.PathOf(taskId), cancellationToken);
            forgotten.EnsureSuccessStatusCode();
        }

        await userScans.DeleteWithAsync(userId, taskIds.Select(ScanOutcomes.KeyOf), cancellationToken);
        logger.LogInformation("Forgot {Count} scan(s) of deleted user {UserId}", taskIds.Count, userId);
    }

    private async Task ForgetWorkflowAsync(string taskId, string userId, CancellationToken cancellationToken)
    {
        var state = await workflows.GetWorkflowStateAsync(taskId, getInputsAndOutputs: true, cancellationToken);
        if (!state.Exists)
        {
            return; // never started, or already purged by the retention policy
        }

        if (state.ReadInputAs<ScanRequest>()?.UserId != userId)
        {
            logger.LogWarning("Scan {TaskId} is on the list of {UserId} but is not theirs; left alone", taskId, userId);
            return;
        }

        if (!IsFinished(state.RuntimeStatus))
        {
            await workflows.TerminateWorkflowAsync(taskId, cancellation: cancellationToken);
        }

        try
        {
            await workflows.PurgeInstanceAsync(taskId, cancellationToken);
        }
        catch (RpcException) when (!cancellationToken.IsCancellationRequested)
        {
            // Gone in between (the retention policy purged it) is done; anything else is thrown for a redelivery.
            if ((await workflows.GetWorkflowStateAsync(taskId, getInputsAndOutputs: false, cancellationToken)).Exists)
            {
                throw;
            }
        }
    }

    private static bool IsFinished(WorkflowRuntimeStatus status) => status is WorkflowRuntimeStatus.Completed
        or WorkflowRuntimeStatus.Failed or WorkflowRuntimeStatus.Terminated or WorkflowRuntimeStatus.Canceled;
}
