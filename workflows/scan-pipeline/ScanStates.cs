using Dapr.Workflow;
using Growbin.Contracts.Pipeline;
using Growbin.ServiceDefaults.Problems;

namespace Growbin.ScanPipeline;

/// <summary>
/// Reads a scan: from its workflow while Dapr keeps the instance (status, and the custom status for step and attempt),
/// else from the kept outcome. Null when neither knows the task id.
/// </summary>
public sealed class ScanStates(DaprWorkflowClient workflows, ScanOutcomes outcomes)
{
    public async Task<ScanState?> ReadAsync(string taskId, CancellationToken cancellationToken)
    {
        var state = await workflows.GetWorkflowStateAsync(taskId, getInputsAndOutputs: true, cancellationToken);
        return state.Exists && state.ReadInputAs<ScanRequest>() is { } input
            ? From(taskId, input, state)
            : await outcomes.FindAsync(taskId, cancellationToken);
    }

    private static ScanState From(string taskId, ScanRequest input, WorkflowState state)
    {
        var progress = state.ReadCustomStatusAs<ScanProgress>();
        var status = state.RuntimeStatus switch
        {
            WorkflowRuntimeStatus.Completed => ScanStatus.Completed,
            WorkflowRuntimeStatus.Failed or WorkflowRuntimeStatus.Terminated or WorkflowRuntimeStatus.Canceled => ScanStatus.Failed,
            _ when progress is not null => ScanStatus.Running,
            _ => ScanStatus.Queued,
        };
        var error = status != ScanStatus.Failed ? null : progress?.Error
            ?? new ScanError(progress?.Step, ProblemTypes.Internal, state.FailureDetails?.ErrorMessage ?? $"The scan's workflow ended {state.RuntimeStatus}.");
        return new ScanState(
            taskId,
            input.UserId,
            status,
            progress?.Step,
            progress?.Attempt ?? 0,
            status == ScanStatus.Completed ? state.ReadOutputAs<ScanResult>() : null,
            error,
            input.SubmittedAt,
            state.LastUpdatedAt);
    }
}
