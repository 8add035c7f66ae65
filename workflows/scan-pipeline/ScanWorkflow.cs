using Growbin.Contracts;
using Growbin.Contracts.Pipeline;
using Growbin.Workflows;
using Microsoft.Extensions.Options;

namespace Growbin.ScanPipeline;

/// <summary>
/// upload → analyze → rules → respond, each on its worker app with its own retry policy, then scan-completed; a step
/// that fails for good publishes scan-failed and fails the scan with the step's reason. A retry of a later step
/// never calls an earlier one again: its output is replayed from the history (the paid analyze call included).
/// </summary>
public sealed class ScanWorkflow(IOptions<ScanPipelineOptions> options) : Workflow<ScanRequest, ScanResult>
{
    public override async Task<ScanResult> RunAsync(WorkflowContext context, ScanRequest input)
    {
        var policies = options.Value;
        ScanResult result;
        try
        {
            var image = await context.CallActivityAsync<UploadedImage>(
                Activities.Upload, new UploadRequest(input.TaskId, input.RawKey), Remote(AppIds.ImageUploader, policies.Upload));
            var analysis = await context.CallActivityAsync<Analysis>(
                Activities.Analyze, new AnalyzeRequest(input.TaskId, image.ImageKey, image.Sha256, input.Question), Remote(AppIds.VisionAnalyzer, policies.Analyze));
            var rule = await context.CallActivityAsync<DisposalRule>(
                Activities.Rules, analysis.Classification, Remote(AppIds.RuleRetriever, policies.Rules));
            var answer = await context.CallActivityAsync<ScanAnswer>(
                Activities.Respond, new RespondRequest(input.TaskId, analysis.Classification, rule, input.Question), Remote(AppIds.ResponseGenerator, policies.Respond));
            result = new ScanResult(image.ImageKey, analysis.Classification, analysis.FromCache, answer);
        }
        catch (WorkflowTaskFailedException failed)
        {
            var failure = failed.FailureDetails;
            await context.CallActivityAsync<bool>(
                nameof(PublishScanFailed),
                new ScanFailedNotice(input.TaskId, input.UserId, failure.Activity ?? "unknown", failure.ErrorType, failure.ErrorMessage, context.CurrentUtcDateTime),
                Local(policies.Publish));
            throw;
        }

        try
        {
            await context.CallActivityAsync<bool>(
                nameof(PublishScanCompleted), new ScanCompletedNotice(input.TaskId, input.UserId, result, context.CurrentUtcDateTime), Local(policies.Publish));
        }
        catch (WorkflowTaskFailedException)
        {
            // The answer stands: the person sees it through waste-api. Only the history entry in userinfo is missed.
        }

        return result;
    }

    private static WorkflowTaskOptions Remote(string appId, ScanPipelineOptions.RetrySettings retry) => new(retry.ToPolicy(), appId);

    private static WorkflowTaskOptions Local(ScanPipelineOptions.RetrySettings retry) => new(retry.ToPolicy());
}
