using Dapr.Workflow;
using Growbin.Contracts;
using Growbin.Contracts.Pipeline;

namespace Growbin.ScanPipeline;

/// <summary>
/// upload → analyze → rules → respond, each an activity on its worker app with its own retry policy
/// (<see cref="ScanRetryPolicies"/>), then <see cref="FinishScan"/> (the kept outcome, scan-completed, metrics); a step
/// that fails for good ends the scan failed with the step's reason. A retry of a later step never
/// calls an earlier one again: its output is replayed from the workflow history — the paid analyze call included.
/// Instance id = task id. No constructor dependencies: everything that does I/O is an activity.
/// </summary>
public sealed class ScanWorkflow : Workflow<ScanRequest, ScanResult>
{
    public override async Task<ScanResult> RunAsync(WorkflowContext context, ScanRequest input)
    {
        var startedAt = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
        var steps = new ScanSteps(context);
        ScanResult result;
        try
        {
            var image = await steps.RunAsync<UploadedImage>(
                Activities.Upload, AppIds.ImageUploader, ScanRetryPolicies.Upload, new UploadRequest(input.TaskId, input.RawKey));
            var analysis = await steps.RunAsync<Analysis>(
                Activities.Analyze, AppIds.VisionAnalyzer, ScanRetryPolicies.Analyze, new AnalyzeRequest(input.TaskId, image.ImageKey, image.Sha256, input.Question));
            var rule = await steps.RunAsync<DisposalRule>(
                Activities.Rules, AppIds.RuleRetriever, ScanRetryPolicies.Rules, new RulesRequest(analysis.Classification, input.Region, input.Language));
            var answer = await steps.RunAsync<ScanAnswer>(
                Activities.Respond, AppIds.ResponseGenerator, ScanRetryPolicies.Respond, new RespondRequest(input.TaskId, analysis.Classification, rule, input.Question));
            result = new ScanResult(image.ImageKey, analysis.Classification, analysis.FromCache, answer);
        }
        catch (ScanStepFailedException failed)
        {
            context.CreateReplaySafeLogger<ScanWorkflow>().LogWarning("Scan {TaskId} failed: {Failure}", input.TaskId, failed.Message);
            context.SetCustomStatus(failed.Progress);
            await FinishAsync(context, Outcome(input, context, startedAt, steps, ScanStatus.Failed, null));
            throw;
        }

        await FinishAsync(context, Outcome(input, context, startedAt, steps, ScanStatus.Completed, result));
        return result;
    }

    private static ScanOutcome Outcome(
        ScanRequest input, WorkflowContext context, DateTimeOffset startedAt, ScanSteps steps, string status, ScanResult? result)
    {
        var progress = steps.Current!;
        var state = new ScanState(input.TaskId, input.UserId, status, progress.Step, progress.Attempt, result, progress.Error,
            input.SubmittedAt, new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero));
        return new ScanOutcome(state, startedAt, steps.Attempts);
    }

    /// <summary>The answer stands whether or not its outcome could be recorded: the person reads it from the workflow.</summary>
    private static async Task FinishAsync(WorkflowContext context, ScanOutcome outcome)
    {
        try
        {
            await context.CallActivityAsync<bool>(nameof(FinishScan), outcome, new WorkflowTaskOptions(ScanRetryPolicies.Finish));
        }
        catch (WorkflowTaskFailedException e)
        {
            context.CreateReplaySafeLogger<ScanWorkflow>().LogError(
                "Scan {TaskId}: its outcome could not be recorded ({Error}); it is readable until the workflow is purged",
                outcome.State.TaskId, e.FailureDetails.ErrorMessage);
        }
    }
}
