using System.Text.RegularExpressions;
using Dapr.Workflow;
using Growbin.Contracts.Pipeline;
using Growbin.ServiceDefaults.Problems;

namespace Growbin.VisionAnalyzer.Apis;

/// <summary>
/// The pipeline's <c>analyze</c> step, a Dapr Workflow activity: the one paid call of a scan. Dapr runs an activity at
/// least once; a second run (or the same photo from anyone) finds the AI cache that the first wrote before it returned,
/// and costs nothing. A final <see cref="AnalyzeFailure"/> is returned as the refusal that ends the scan; a transient
/// one is thrown for the workflow's retry policy.
/// </summary>
public sealed partial class AnalyzeActivity(ScanAnalyzer analyzer, ILogger<AnalyzeActivity> logger)
    : WorkflowActivity<AnalyzeRequest, StepResult<Analysis>>
{
    public const int MaxQuestionLength = 500;

    public override async Task<StepResult<Analysis>> RunAsync(WorkflowActivityContext context, AnalyzeRequest request)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return StepRefusals.Invalid<Analysis>(errors);
        }

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["TaskId"] = request.TaskId, ["ImageSha256"] = request.ImageSha256 });
        try
        {
            return StepResult<Analysis>.Ok(await analyzer.AnalyzeAsync(request, CancellationToken.None));
        }
        catch (AnalyzeFailure failure) when (!failure.IsRetryable)
        {
            return StepResult<Analysis>.Refused(failure.Type, failure.Message);
        }
        catch (AnalyzeFailure failure)
        {
            logger.LogWarning(failure.InnerException, "analyze failed, retryable: {Detail}", failure.Message);
            throw;
        }
    }

    private static Dictionary<string, string[]> Validate(AnalyzeRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request is null)
        {
            errors["request"] = ["taskId, imageKey and imageSha256 are required."];
            return errors;
        }

        if (string.IsNullOrWhiteSpace(request.TaskId))
        {
            errors["taskId"] = ["taskId is required."];
        }

        if (string.IsNullOrWhiteSpace(request.ImageKey))
        {
            errors["imageKey"] = ["imageKey is required."];
        }

        if (request.ImageSha256 is null || !Sha256Hex().IsMatch(request.ImageSha256))
        {
            errors["imageSha256"] = ["imageSha256 must be 64 lowercase hex digits."];
        }

        if (request.Question?.Length > MaxQuestionLength)
        {
            errors["question"] = [$"question is at most {MaxQuestionLength} characters."];
        }

        return errors;
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Hex();
}
