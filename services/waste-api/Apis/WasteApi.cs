using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Dapr;
using Growbin.Contracts.Pipeline;
using Growbin.Knowledge;
using Growbin.ServiceDefaults.Caching;
using Growbin.ServiceDefaults.Limits;
using Growbin.ServiceDefaults.Problems;
using Growbin.ServiceDefaults.Quotas;
using Growbin.ServiceDefaults.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Timeouts;
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
    public static readonly string ScanQuotaExceeded = ProblemTypes.For("scan-quota-exceeded");

    public static IEndpointRouteBuilder MapWasteApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Prefix).WithTags("waste").RequireAuthorization();

        group.MapPost("/analyze", AnalyzeAsync)
            .WithName("AnalyzeWaste")
            .WithSummary("Upload a photo (multipart field `image`, optional `question` and `region`); the scan runs in the background and answers in the Accept-Language (ko default, en).")
            .DisableAntiforgery()
            .RequireRateLimiting(RateLimitPolicies.PerUser)
            .WithMetadata(new RequestTimeoutAttribute(RequestTimeoutPolicies.Upload))
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<ScanAccepted>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("/{taskId}", GetAsync)
            .WithName("GetScan")
            .WithSummary("A scan's status, step and attempts, and its answer once completed. Only its owner sees it.")
            .RequireRateLimiting(RateLimitPolicies.PerUser)
            .Produces<ScanStatusResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        group.MapGet("/{taskId}/events", EventsAsync)
            .WithName("ScanEvents")
            .WithSummary("Server-sent events: `progress` on every step change, then `result` or `failed`, then the stream closes.")
            .WithMetadata(new RequestTimeoutAttribute(RequestTimeoutPolicies.Streaming))
            .RequireRateLimiting(RateLimitPolicies.PerUser)
            .Produces<ScanStatusResponse>(contentType: "text/event-stream")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

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
        var upload = await ScanUploadReader.ReadAsync(request, limits, cancellationToken);
        if (upload.Problem is { } unreadable)
        {
            return unreadable;
        }

        var errors = new Dictionary<string, string[]>();
        var image = upload.Image.GetValueOrDefault();
        if (upload.Image is null)
        {
            var sent = upload.OtherFileField is { } field ? $" (got a file in '{field}')" : "";
            errors["image"] = [$"A photo is required in the multipart field 'image'{sent}."];
        }
        else if (image.Length == 0)
        {
            errors["image"] = ["The photo is empty."];
        }

        var question = upload.Question;
        if (question.Length > limits.MaxQuestionLength || question.Any(char.IsControl))
        {
            errors["question"] = [$"question must be at most {limits.MaxQuestionLength} characters, without control characters."];
        }

        RegionName? region = null;
        if (upload.Region is { } sentRegion && (sentRegion.Length > WasteApiOptions.MaxRegionLength || !RegionName.TryParse(sentRegion, out region)))
        {
            errors["region"] = [$"region must be a 시·도 with an optional 시·군·구, at most {WasteApiOptions.MaxRegionLength} characters, e.g. '서울특별시 마포구' or '서울'; leave it out to use the profile's."];
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

        if (Refuse(ImageSniffer.Inspect(image.Span), limits) is { } refusal)
        {
            return refusal;
        }

        var userId = user.FindFirstValue("sub")!;
        SubmissionOutcome outcome;
        try
        {
            var details = new ScanDetails(
                question.Length > 0 ? question : null,
                TextLanguages.FromAcceptLanguage(request.Headers.AcceptLanguage).Tag(),
                region?.ToString());
            outcome = await submissions.SubmitAsync(userId, image, details, idempotencyKey.Length > 0 ? idempotencyKey : null, cancellationToken);
        }
        catch (QuotaContentionException)
        {
            return QuotaProblems.Busy(request.HttpContext);
        }
        catch (Exception e) when (e is DaprException or HttpRequestException)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The scan could not be started",
                detail: "Storage or the scan pipeline did not answer. Send the same request again with the same Idempotency-Key.");
        }

        if (outcome.OverQuota is { } over)
        {
            return QuotaProblems.Exceeded(request.HttpContext, over, ScanQuotaExceeded, "Daily scan quota used up",
                $"You have started today's {over.Limit:N0} scans; the quota resets at midnight UTC (09:00 KST).");
        }

        var submission = outcome.Accepted!;
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

    private static async Task<Results<Ok<ScanStatusResponse>, ProblemHttpResult>> GetAsync(
        string taskId, ClaimsPrincipal user, ScanStatusReader reader, CancellationToken cancellationToken)
    {
        var status = TaskId().IsMatch(taskId) ? await reader.ReadAsync(taskId, user.FindFirstValue("sub")!, cancellationToken) : null;
        return status is null ? NotFound(taskId) : TypedResults.Ok(status);
    }

    /// <summary>
    /// Each open stream polls scan-pipeline, so a user holds at most <c>RateLimiting:Streams:MaxPerUser</c> of them
    /// (per replica); the slot is taken before the first read and freed when the stream ends, however it ends.
    /// </summary>
    private static async Task<IResult> EventsAsync(
        string taskId,
        HttpContext context,
        ClaimsPrincipal user,
        ScanStatusReader reader,
        StreamSlots slots,
        TimeProvider time,
        IOptions<WasteApiOptions> options,
        CancellationToken cancellationToken)
    {
        var userId = user.FindFirstValue("sub")!;
        if (!TaskId().IsMatch(taskId))
        {
            return NotFound(taskId);
        }

        if (slots.TryAcquire(userId) is not { } slot)
        {
            return slots.Refusal(context);
        }

        try
        {
            var first = await reader.ReadAsync(taskId, userId, cancellationToken);
            if (first is null)
            {
                slot.Dispose();
                return NotFound(taskId);
            }

            return slot.Around(TypedResults.ServerSentEvents(Follow(first, userId, reader, time, options.Value, cancellationToken)));
        }
        catch
        {
            slot.Dispose();
            throw;
        }
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
            current = await reader.ReadAsync(current.TaskId, userId, cancellationToken) ?? current;
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
