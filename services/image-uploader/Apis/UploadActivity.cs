using System.Globalization;
using Dapr;
using Dapr.Client;
using Growbin.Contracts;
using Growbin.Contracts.Pipeline;
using Growbin.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Growbin.ImageUploader;

/// <summary>
/// The pipeline's <c>upload</c> step (<c>POST /activities/upload</c>): reads <c>raw/{taskId}</c> through the
/// <c>images</c> binding, normalizes it (<see cref="ImageNormalizer"/>), stores <c>images/{sha256}.jpg</c>, records the
/// result under <c>activity:{Idempotency-Key}</c> and only then deletes the raw object. Once the raw object is gone the
/// work cannot be redone, so the stored result is what answers a redelivered call — it is checked first, every time.
/// <para>
/// A 4xx is final: 400 for a malformed call, 422 for an upload that can never become an image. On a 422 nothing is
/// stored and the raw object is left where it is: keeping the evidence costs nothing (task-scheduler purges
/// <c>raw/</c> after 24 h) and a half-understood delete of someone's upload is worse than a stale one. A 503 means the
/// sidecar or storage failed and the pipeline's retry policy should try again.
/// </para>
/// </summary>
public static class UploadActivity
{
    public static readonly string NotAnImage = ProblemTypes.For(ActivityFailures.NotAnImage);
    public static readonly string ImageTooLarge = ProblemTypes.For(ActivityFailures.ImageTooLarge);
    public static readonly string RawUploadMissing = ProblemTypes.For(ActivityFailures.RawUploadMissing);

    public const string RawPrefix = "raw/";
    public const int MaxTaskIdLength = 128;

    public static string StateKey(string idempotencyKey) => "activity:" + idempotencyKey;

    public static string ImageKey(string sha256) => $"images/{sha256}.jpg";

    public static IEndpointRouteBuilder MapUploadActivity(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(Activities.Route(Activities.Upload), Handle)
            .WithName("UploadActivity")
            .WithTags("activities")
            .WithSummary("Normalize the raw upload (checked, upright, metadata-free, at most 1024 px JPEG) and store it by its hash.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    private static async Task<Results<Ok<UploadedImage>, ValidationProblem, ProblemHttpResult>> Handle(
        UploadRequest request,
        [FromHeader(Name = Activities.IdempotencyKeyHeader)] string? idempotencyKey,
        [AsParameters] UploadActivityServices services,
        CancellationToken cancellationToken)
    {
        var errors = Validate(request, idempotencyKey);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var (dapr, normalizer, metrics, options, logger) = services;
        var stateKey = StateKey(idempotencyKey!);
        try
        {
            if (await StoredResultAsync(dapr, stateKey, cancellationToken) is { } stored)
            {
                metrics.Count(UploadMetrics.Replayed);
                return TypedResults.Ok(stored);
            }

            ReadOnlyMemory<byte> raw;
            try
            {
                raw = await ReadRawAsync(dapr, request.RawKey, cancellationToken);
            }
            catch (DaprException ex) when (BindingErrors.IsMissingObject(ex))
            {
                // A concurrent delivery of the same call may have finished and deleted the raw object meanwhile.
                if (await StoredResultAsync(dapr, stateKey, cancellationToken) is { } finished)
                {
                    metrics.Count(UploadMetrics.Replayed);
                    return TypedResults.Ok(finished);
                }

                metrics.Count(UploadMetrics.Rejected);
                logger.LogWarning("Task {TaskId}: raw upload {RawKey} does not exist", request.TaskId, request.RawKey);
                return Unprocessable(RawUploadMissing, "The raw upload is missing",
                    $"No object exists at '{request.RawKey}', and this task has no stored upload result.");
            }
            catch (DaprException ex) when (BindingErrors.IsTooLarge(ex))
            {
                metrics.Count(UploadMetrics.Rejected);
                logger.LogWarning(ex, "Task {TaskId}: raw upload {RawKey} is too large to read", request.TaskId, request.RawKey);
                return Unprocessable(ImageTooLarge, "The image is too large",
                    $"The upload is larger than a single read allows; the limit is {options.Value.MaxBytes} bytes.");
            }

            var (image, rejection) = await normalizer.NormalizeAsync(raw, cancellationToken);
            if (rejection is not null)
            {
                metrics.Count(UploadMetrics.Rejected);
                logger.LogInformation("Task {TaskId}: upload rejected as {Failure}: {Detail}", request.TaskId, rejection.Failure,
                    rejection.Detail);
                return rejection.Failure == ActivityFailures.ImageTooLarge
                    ? Unprocessable(ImageTooLarge, "The image is too large", rejection.Detail)
                    : Unprocessable(NotAnImage, "The upload is not a usable image", rejection.Detail);
            }

            var result = await StoreAsync(dapr, image!, stateKey, options.Value.ResultTtl, cancellationToken);
            await DeleteRawAsync(dapr, request, logger, cancellationToken);
            metrics.Count(UploadMetrics.Stored);
            return TypedResults.Ok(result);
        }
        catch (DaprException ex)
        {
            logger.LogError(ex, "Task {TaskId}: the upload step could not reach state or image storage", request.TaskId);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                type: ProblemTypes.DependencyUnavailable,
                title: "Image storage is unavailable",
                detail: "The Dapr sidecar, the state store or the image bucket failed; the call can be retried.");
        }
    }

    private static Dictionary<string, string[]> Validate(UploadRequest request, string? idempotencyKey)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.TaskId) || request.TaskId.Length > MaxTaskIdLength)
        {
            errors["taskId"] = [$"taskId is required and at most {MaxTaskIdLength} characters."];
        }

        // Only raw uploads: this step deletes the object it reads, and must never be pointed at a stored image.
        if (string.IsNullOrWhiteSpace(request.RawKey) || !request.RawKey.StartsWith(RawPrefix, StringComparison.Ordinal) ||
            request.RawKey.Length == RawPrefix.Length)
        {
            errors["rawKey"] = [$"rawKey is required and must be an object key under '{RawPrefix}'."];
        }

        if (!errors.ContainsKey("taskId") && idempotencyKey != Activities.IdempotencyKey(request.TaskId, Activities.Upload))
        {
            errors[Activities.IdempotencyKeyHeader] =
                [$"The {Activities.IdempotencyKeyHeader} header is required and must be '{Activities.IdempotencyKey(request.TaskId, Activities.Upload)}'."];
        }

        return errors;
    }

    private static async Task<UploadedImage?> StoredResultAsync(DaprClient dapr, string stateKey, CancellationToken ct) =>
        await dapr.GetStateAsync<UploadedImage?>(DaprComponents.StateStore, stateKey, cancellationToken: ct);

    private static async Task<ReadOnlyMemory<byte>> ReadRawAsync(DaprClient dapr, string rawKey, CancellationToken ct)
    {
        var get = new BindingRequest(DaprComponents.Images, "get") { Metadata = { ["key"] = rawKey } };
        return (await dapr.InvokeBindingAsync(get, ct)).Data;
    }

    /// <summary>
    /// Image first, then the result: a crash in between leaves an object that the next attempt overwrites with the same
    /// bytes (the key is the content's hash). The result must be stored before the raw object is deleted.
    /// </summary>
    private static async Task<UploadedImage> StoreAsync(DaprClient dapr, NormalizedImage image, string stateKey, TimeSpan ttl,
        CancellationToken ct)
    {
        var key = ImageKey(image.Sha256);
        var create = new BindingRequest(DaprComponents.Images, "create") { Data = image.Jpeg, Metadata = { ["key"] = key } };
        await dapr.InvokeBindingAsync(create, ct);

        var result = new UploadedImage(key, image.Sha256, image.Width, image.Height, image.Jpeg.LongLength);
        var ttlSeconds = ((long)ttl.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        await dapr.SaveStateAsync(DaprComponents.StateStore, stateKey, result,
            metadata: new Dictionary<string, string> { ["ttlInSeconds"] = ttlSeconds }, cancellationToken: ct);
        return result;
    }

    /// <summary>Cleanup only: the image and the result are safe, and task-scheduler purges whatever is left in raw/.</summary>
    private static async Task DeleteRawAsync(DaprClient dapr, UploadRequest request, ILogger logger, CancellationToken ct)
    {
        var delete = new BindingRequest(DaprComponents.Images, "delete") { Metadata = { ["key"] = request.RawKey } };
        try
        {
            await dapr.InvokeBindingAsync(delete, ct);
        }
        catch (DaprException ex)
        {
            logger.LogWarning(ex, "Task {TaskId}: could not delete raw upload {RawKey}; task-scheduler will purge it",
                request.TaskId, request.RawKey);
        }
    }

    private static ProblemHttpResult Unprocessable(string type, string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, type: type, title: title, detail: detail);
}
