using System.Globalization;
using Dapr;
using Dapr.Client;
using Dapr.Workflow;
using Growbin.Contracts;
using Growbin.Contracts.Pipeline;
using Growbin.ServiceDefaults.Locks;
using Growbin.ServiceDefaults.Problems;
using Microsoft.Extensions.Options;

namespace Growbin.ImageUploader;

/// <summary>
/// The pipeline's <c>upload</c> step, a Dapr Workflow activity: reads <c>raw/{taskId}</c> through the <c>images</c>
/// binding, normalizes it (<see cref="ImageNormalizer"/>), stores <c>images/{sha256}.jpg</c>, records the result under
/// <c>activity:{taskId}:upload</c> and only then deletes the raw object. Dapr runs an activity at least once, and once
/// the raw object is gone the work cannot be redone, so the stored result is what answers a repeated run — it is
/// checked first, every time.
/// <para>
/// A refusal is final: a malformed input, or an upload that can never become an image. On a refusal nothing is stored
/// and the raw object is left where it is: keeping the evidence costs nothing (task-scheduler purges <c>raw/</c> after
/// 24 h) and a half-understood delete of someone's upload is worse than a stale one. A <see cref="DaprException"/>
/// (sidecar or storage down) is thrown for the workflow's retry policy.
/// </para>
/// </summary>
public sealed class UploadActivity(
    DaprClient dapr,
    ImageNormalizer normalizer,
    ImageLock imageLock,
    UploadMetrics metrics,
    IOptions<UploadOptions> options,
    ILogger<UploadActivity> logger) : WorkflowActivity<UploadRequest, StepResult<UploadedImage>>
{
    public const string RawPrefix = "raw/";
    public const int MaxTaskIdLength = 128;

    public static string StateKey(string taskId) => "activity:" + Activities.IdempotencyKey(taskId, Activities.Upload);

    public static string ImageKey(string sha256) => $"images/{sha256}.jpg";

    private static readonly TimeSpan ImageLockPoll = TimeSpan.FromMilliseconds(100);

    public override async Task<StepResult<UploadedImage>> RunAsync(WorkflowActivityContext context, UploadRequest request)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return StepRefusals.Invalid<UploadedImage>(errors);
        }

        var stateKey = StateKey(request.TaskId);
        if (await StoredResultAsync(stateKey) is { } stored)
        {
            metrics.Count(UploadMetrics.Replayed);
            return StepResult<UploadedImage>.Ok(stored);
        }

        ReadOnlyMemory<byte> raw;
        try
        {
            raw = await ReadRawAsync(request.RawKey);
        }
        catch (DaprException ex) when (BindingErrors.IsMissingObject(ex))
        {
            // A concurrent run of the same step may have finished and deleted the raw object meanwhile.
            if (await StoredResultAsync(stateKey) is { } finished)
            {
                metrics.Count(UploadMetrics.Replayed);
                return StepResult<UploadedImage>.Ok(finished);
            }

            metrics.Count(UploadMetrics.Rejected);
            logger.LogWarning("Task {TaskId}: raw upload {RawKey} does not exist", request.TaskId, request.RawKey);
            return StepRefusals.Refused<UploadedImage>(ActivityFailures.RawUploadMissing,
                $"No object exists at '{request.RawKey}', and this task has no stored upload result.");
        }
        catch (DaprException ex) when (BindingErrors.IsTooLarge(ex))
        {
            metrics.Count(UploadMetrics.Rejected);
            logger.LogWarning(ex, "Task {TaskId}: raw upload {RawKey} is too large to read", request.TaskId, request.RawKey);
            return StepRefusals.Refused<UploadedImage>(ActivityFailures.ImageTooLarge,
                $"The upload is larger than a single read allows; the limit is {options.Value.MaxBytes} bytes.");
        }

        var (image, rejection) = await normalizer.NormalizeAsync(raw, CancellationToken.None);
        if (rejection is not null)
        {
            metrics.Count(UploadMetrics.Rejected);
            logger.LogInformation("Task {TaskId}: upload rejected as {Failure}: {Detail}", request.TaskId, rejection.Failure, rejection.Detail);
            return StepRefusals.Refused<UploadedImage>(
                rejection.Failure == ActivityFailures.ImageTooLarge ? ActivityFailures.ImageTooLarge : ActivityFailures.NotAnImage,
                rejection.Detail);
        }

        var result = await StoreAsync(image!, stateKey);
        await DeleteRawAsync(request);
        metrics.Count(UploadMetrics.Stored);
        return StepResult<UploadedImage>.Ok(result);
    }

    private static Dictionary<string, string[]> Validate(UploadRequest? request)
    {
        var errors = new Dictionary<string, string[]>();
        if (request is null)
        {
            errors["request"] = ["taskId and rawKey are required."];
            return errors;
        }

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

        return errors;
    }

    private Task<UploadedImage?> StoredResultAsync(string stateKey) =>
        dapr.GetStateAsync<UploadedImage?>(DaprComponents.StateStore, stateKey);

    private async Task<ReadOnlyMemory<byte>> ReadRawAsync(string rawKey)
    {
        var get = new BindingRequest(DaprComponents.Images, "get") { Metadata = { ["key"] = rawKey } };
        return (await dapr.InvokeBindingAsync(get)).Data;
    }

    /// <summary>
    /// Image first, then the result: a crash in between leaves an object that the next attempt overwrites with the same
    /// bytes (the key is the content's hash). The result must be stored before the raw object is deleted.
    /// <para>
    /// The image is stored under its <see cref="ImageLock"/>, and stored every time (never "already there, skip"): the
    /// write renews the object's LastModified, which is how task-scheduler's image purge knows a scan may still need it
    /// (README "Deleting an account"). Held by the purge (a delete takes milliseconds), the lock is waited for up to
    /// <see cref="UploadOptions.ImageLockWait"/>, then the attempt fails and the workflow's retry policy runs it again.
    /// </para>
    /// </summary>
    private async Task<UploadedImage> StoreAsync(NormalizedImage image, string stateKey)
    {
        var key = ImageKey(image.Sha256);
        await using (await AcquireImageLockAsync(key))
        {
            var create = new BindingRequest(DaprComponents.Images, "create") { Data = image.Jpeg, Metadata = { ["key"] = key } };
            await dapr.InvokeBindingAsync(create);
        }

        var result = new UploadedImage(key, image.Sha256, image.Width, image.Height, image.Jpeg.LongLength);
        var ttlSeconds = ((long)options.Value.ResultTtl.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        await dapr.SaveStateAsync(DaprComponents.StateStore, stateKey, result,
            metadata: new Dictionary<string, string> { ["ttlInSeconds"] = ttlSeconds });
        return result;
    }

    private async Task<ImageLease> AcquireImageLockAsync(string key)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (true)
        {
            if (await imageLock.TryAcquireAsync(key, options.Value.ImageLockExpiry, CancellationToken.None) is { } lease)
            {
                return lease;
            }

            if (System.Diagnostics.Stopwatch.GetElapsedTime(started) >= options.Value.ImageLockWait)
            {
                throw new InvalidOperationException($"The image lock on {key} is held (its purge is checking it); the step's retry will try again.");
            }

            await Task.Delay(ImageLockPoll);
        }
    }

    /// <summary>Cleanup only: the image and the result are safe, and task-scheduler purges whatever is left in raw/.</summary>
    private async Task DeleteRawAsync(UploadRequest request)
    {
        var delete = new BindingRequest(DaprComponents.Images, "delete") { Metadata = { ["key"] = request.RawKey } };
        try
        {
            await dapr.InvokeBindingAsync(delete);
        }
        catch (DaprException ex)
        {
            logger.LogWarning(ex, "Task {TaskId}: could not delete raw upload {RawKey}; task-scheduler will purge it",
                request.TaskId, request.RawKey);
        }
    }
}
