using System.Text.RegularExpressions;
using Growbin.Contracts.Pipeline;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Growbin.VisionAnalyzer.Apis;

/// <summary>
/// The pipeline's <c>analyze</c> step (<c>POST /activities/analyze</c>): the one paid call of a scan. A redelivered
/// call (same <c>{taskId}:analyze</c>) finds the AI cache written by the first and costs nothing. 503 means "try
/// again later"; a 422 carries the <see cref="ActivityFailures"/> reason that ends the scan.
/// </summary>
public static partial class AnalyzeActivity
{
    public const int MaxQuestionLength = 500;

    public static IEndpointRouteBuilder MapAnalyzeActivity(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(Activities.Route(Activities.Analyze), HandleAsync)
            .WithName("AnalyzeActivity")
            .WithTags("activities")
            .WithSummary("Classify the scan's photo with the vision model, from the AI cache when the photo was seen before.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    private static async Task<Results<Ok<Analysis>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        AnalyzeRequest request, ScanAnalyzer analyzer, ILogger<ScanAnalyzer> logger, CancellationToken cancellationToken)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["TaskId"] = request.TaskId, ["ImageSha256"] = request.ImageSha256 });
        try
        {
            return TypedResults.Ok(await analyzer.AnalyzeAsync(request, cancellationToken));
        }
        catch (AnalyzeFailure failure)
        {
            if (failure.IsRetryable)
            {
                logger.LogWarning(failure.InnerException, "analyze failed, retryable: {Detail}", failure.Message);
            }

            return TypedResults.Problem(statusCode: failure.Status, type: failure.Type, title: failure.Title, detail: failure.Message);
        }
    }

    private static Dictionary<string, string[]> Validate(AnalyzeRequest request)
    {
        var errors = new Dictionary<string, string[]>();
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
