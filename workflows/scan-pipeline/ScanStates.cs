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
        if (state.Exists && state.ReadInputAs<ScanRequest>() is { } input)
        {
            return From(taskId, input, state);
        }

        // Kept before errors were made public, an outcome may hold an internal detail: it is never passed on.
        var kept = await outcomes.FindAsync(taskId, cancellationToken);
        return kept is null ? null : kept with { Error = PublicScanErrors.Public(kept.Error) };
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
        // Never the workflow's FailureDetails: that is an exception's text.
        var error = status != ScanStatus.Failed ? null : PublicScanErrors.Public(progress?.Error)
            ?? PublicScanErrors.For(progress?.Step, ProblemTypes.Internal);
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
