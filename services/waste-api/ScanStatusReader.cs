using Growbin.Contracts.Pipeline;
using Growbin.Workflows;

namespace Growbin.WasteApi;

/// <summary>A scan's progress as its owner sees it; anyone else (or a task id that never existed) gets null.</summary>
public sealed class ScanStatusReader(WorkflowClient workflows)
{

    public async Task<ScanStatusResponse?> ReadAsync(string taskId, string userId)
    {
        var state = await workflows.GetWorkflowStateAsync(taskId);
        if (!state.Exists || state.ReadInputAs<ScanRequest>()?.UserId != userId)
        {
            return null;
        }

        // The pipeline's own bookkeeping (publishing the outcome) is not a step the person waits for.
        var current = state.CurrentActivity is { } running && Activities.ScanSteps.Contains(running) ? running : null;
        var last = state.CompletedActivities.LastOrDefault(a => Activities.ScanSteps.Contains(a.Name));
        var status = state.RuntimeStatus switch
        {
            WorkflowRuntimeStatus.Completed => ScanStatus.Completed,
            WorkflowRuntimeStatus.Failed => ScanStatus.Failed,
            WorkflowRuntimeStatus.Running => ScanStatus.Running,
            _ => ScanStatus.Queued,
        };
        var failure = state.FailureDetails;
        return new ScanStatusResponse(
            taskId,
            status,
            current ?? failure?.Activity ?? last?.Name,
            current is null ? last?.Attempts ?? 0 : state.CurrentAttempt,
            state.RuntimeStatus == WorkflowRuntimeStatus.Completed ? state.ReadOutputAs<ScanResult>() : null,
            failure is null ? null : new ScanError(failure.Activity, failure.ErrorType, failure.ErrorMessage),
            state.CreatedAt!.Value,
            state.LastUpdatedAt!.Value);
    }
}
