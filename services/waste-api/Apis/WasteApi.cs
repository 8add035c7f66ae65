using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Dapr;
using Growbin.Contracts.Pipeline;
using Growbin.ServiceDefaults.Caching;
using Growbin.ServiceDefaults.Problems;
using Growbin.ServiceDefaults.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Growbin.WasteApi;

/// <summary>Photo in, disposal answer out (ARCHITECTURE §2): submit a scan, follow it, read its result.</summary>
public static partial class WasteApi
{
    public const string Prefix = "/api/v1/waste";
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static readonly string NotAnImage = ProblemTypes.For("not-an-image");
    public static readonly string ImageTooLarge = ProblemTypes.For("image-too-large");
    public static readonly string ScanNotFound = ProblemTypes.For("scan-not-found");

    public static IEndpointRouteBuilder MapWasteApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Prefix).WithTags("waste").RequireAuthorization();

        group.MapPost("/analyze", AnalyzeAsync)
            .WithName("AnalyzeWaste")
            .WithSummary("Upload a photo (multipart field `image`, optional `question`); the scan runs in the background.")
            .DisableAntiforgery()
            .RequireRateLimiting(RateLimitPolicies.PerUser)
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<ScanAccepted>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapGet("/{taskId}", GetAsync)
            .WithName("GetScan")
            .WithSummary("A scan's status, step and attempts, and its answer once completed. Only its owner sees it.")
            .Produces<ScanStatusResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{taskId}/events", EventsAsync)
            .WithName("ScanEvents")
            .WithSummary("Server-sent events: `progress` on every step change, then `result` or `failed`, then the stream closes.")
            .Produces<ScanStatusResponse>(contentType: "text/event-stream")
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/categories", (WasteCategories categories) => categories.Response)
            .WithName("ListWasteCategories")
            .WithSummary("The categories a scan can answer with.")
            .Produces<IReadOnlyList<WasteCategory>>();

        return routes;
    }

    private static async Task<Results<Accepted<ScanAccepted>, ValidationProblem, ProblemHttpResult>> AnalyzeAsync(
        HttpRequest request,
        ClaimsPrincipal user,
        ScanSubmissions submissions,
        IOptions<WasteApiOptions> options,
        CancellationToken cancellationToken)
    {
        var limits = options.Value;
        if (!request.HasFormContentType)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Send the photo as multipart/form-data",
                detail: "POST multipart/form-data with the photo in a field named 'image' (and optionally 'question').");
        }

        var form = await request.ReadFormAsync(cancellationToken);
        var errors = new Dictionary<string, string[]>();
        var image = form.Files.GetFile("image");
        if (image is null)
        {
            var sent = form.Files.Count > 0 ? $" (got a file in '{form.Files[0].Name}')" : "";
            errors["image"] = [$"A photo is required in the multipart field 'image'{sent}."];
        }
        else if (image.Length == 0)
        {
            errors["image"] = ["The photo is empty."];
        }

        var question = form["question"].ToString();
        if (question.Length > limits.MaxQuestionLength || question.Any(char.IsControl))
        {
            errors["question"] = [$"question must be at most {limits.MaxQuestionLength} characters, without control characters."];
        }

        var idempotencyKey = request.Headers[IdempotencyKeyHeader].ToString();
        if (idempotencyKey.Length > 0 && (idempotencyKey.Length > limits.MaxIdempotencyKeyLength || !IdempotencyKey().IsMatch(idempotencyKey)))
        {
            errors[IdempotencyKeyHeader] = [$"{IdempotencyKeyHeader} must be 1–{limits.MaxIdempotencyKeyLength} letters, digits, '-', '_', '.' or ':'."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (image!.Length > limits.MaxImageBytes)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status413PayloadTooLarge,
                type: ImageTooLarge,
                title: "The photo is too large",
                detail: $"The photo is {image.Length:N0} bytes; the limit is {limits.MaxImageBytes:N0}.");
        }

        var bytes = new byte[image.Length];
        await using (var stream = image.OpenReadStream())
        {
            await stream.ReadExactlyAsync(bytes, cancellationToken);
        }

        if (Refuse(ImageSniffer.Inspect(bytes), limits) is { } refusal)
        {
            return refusal;
        }

        var userId = user.FindFirstValue("sub")!;
        Submission submission;
        try
        {
            submission = await submissions.SubmitAsync(userId, bytes, question.Length > 0 ? question : null, idempotencyKey.Length > 0 ? idempotencyKey : null, cancellationToken);
        }
        catch (Exception e) when (e is DaprException or HttpRequestException)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The scan could not be started",
                detail: "Storage or the scan pipeline did not answer. Send the same request again with the same Idempotency-Key.");
        }

        var accepted = new ScanAccepted(
            submission.TaskId,
            ScanStatus.Queued,
            $"{Prefix}/{submission.TaskId}",
            $"{Prefix}/{submission.TaskId}/events");
        return TypedResults.Accepted(accepted.StatusUrl, accepted);
    }

    private static ProblemHttpResult? Refuse(ImageCheck check, WasteApiOptions limits) => check switch
    {
        { Defect: ImageDefect.NotAnImage } => TypedResults.Problem(
            statusCode: StatusCodes.Status415UnsupportedMediaType,
            type: NotAnImage,
            title: "This is not a photo",
            detail: "Send a JPEG, PNG or WebP photo."),
        { Defect: ImageDefect.Truncated } => TypedResults.Problem(
            statusCode: StatusCodes.Status422UnprocessableEntity,
            type: NotAnImage,
            title: "The photo is incomplete",
            detail: $"The {check.Format} file ends before the image does; the upload was probably interrupted."),
        { Pixels: var pixels } when pixels > limits.MaxImagePixels => TypedResults.Problem(
            statusCode: StatusCodes.Status422UnprocessableEntity,
            type: ImageTooLarge,
            title: "The photo has too many pixels",
            detail: $"The photo is {check.Width}×{check.Height} pixels; the limit is {limits.MaxImagePixels:N0} pixels."),
        _ => null,
    };

    private static async Task<Results<Ok<ScanStatusResponse>, ProblemHttpResult>> GetAsync(string taskId, ClaimsPrincipal user, ScanStatusReader reader)
    {
        var status = TaskId().IsMatch(taskId) ? await reader.ReadAsync(taskId, user.FindFirstValue("sub")!) : null;
        return status is null ? NotFound(taskId) : TypedResults.Ok(status);
    }

    private static async Task<IResult> EventsAsync(
        string taskId,
        ClaimsPrincipal user,
        ScanStatusReader reader,
        TimeProvider time,
        IOptions<WasteApiOptions> options,
        CancellationToken cancellationToken)
    {
        var userId = user.FindFirstValue("sub")!;
        var first = TaskId().IsMatch(taskId) ? await reader.ReadAsync(taskId, userId) : null;
        return first is null
            ? NotFound(taskId)
            : TypedResults.ServerSentEvents(Follow(first, userId, reader, time, options.Value, cancellationToken));
    }

    /// <summary>One <c>progress</c> event per change of status, step or attempt; then <c>result</c>, <c>failed</c> or <c>timeout</c>.</summary>
    private static async IAsyncEnumerable<SseItem<ScanStatusResponse>> Follow(
        ScanStatusResponse first,
        string userId,
        ScanStatusReader reader,
        TimeProvider time,
        WasteApiOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + options.EventsMaxDuration;
        ScanStatusResponse? previous = null;
        var current = first;
        while (true)
        {
            if (current.IsFinished)
            {
                yield return new SseItem<ScanStatusResponse>(current, current.Status == ScanStatus.Completed ? "result" : "failed");
                yield break;
            }

            if (previous is null || current.Status != previous.Status || current.Step != previous.Step || current.Attempts != previous.Attempts)
            {
                yield return new SseItem<ScanStatusResponse>(current, "progress");
            }

            if (time.GetUtcNow() >= deadline)
            {
                yield return new SseItem<ScanStatusResponse>(current, "timeout");
                yield break;
            }

            await Task.Delay(options.EventsPollInterval, time, cancellationToken);
            previous = current;
            current = await reader.ReadAsync(current.TaskId, userId) ?? current;
        }
    }

    private static ProblemHttpResult NotFound(string taskId) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        type: ScanNotFound,
        title: "Scan not found",
        detail: $"There is no scan '{taskId}' of yours.");

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex TaskId();

    [GeneratedRegex("^[A-Za-z0-9._:-]+$")]
    private static partial Regex IdempotencyKey();
}
