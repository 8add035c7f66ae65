using System.Globalization;
using Dapr;
using Dapr.Client;
using Growbin.Contracts;
using Growbin.Contracts.Pipeline;
using Growbin.ServiceDefaults.Quotas;
using Growbin.ServiceDefaults.State;
using Growbin.ServiceDefaults.Users;
using Growbin.WasteApi.Accounts;
using Microsoft.Extensions.Options;

namespace Growbin.WasteApi;

/// <summary>
/// Accepts a checked upload: takes one scan from the user's daily quota, reserves the Idempotency-Key (first write
/// wins), stores the raw bytes at <c>raw/{taskId}</c> through the <c>images</c> binding and starts the scan workflow
/// with the task id as its instance id. Every step is safe to repeat with the same task id, so a retried request with
/// the same key finishes what an interrupted one began and never starts a second scan.
/// <para>
/// The quota is taken before anything else is written, so a request over it stores nothing (no key, no upload, no
/// scan). A request whose key is already taken replays that scan and costs nothing: the first request paid for it.
/// Every new scan counts, the same photo again too: waste-api cannot know a photo is in the AI cache (its key is the
/// hash of the image as image-uploader re-encodes it), and each scan still costs an upload, a decode and a workflow.
/// </para>
/// </summary>
public sealed class ScanSubmissions(
    DaprClient dapr,
    ScanPipelineClient pipeline,
    UserRegionLookup regions,
    [FromKeyedServices(ScanSubmissions.QuotaName)] DailyQuota quota,
    [FromKeyedServices(IdempotencyKeys.IndexName)] UserKeyIndex idempotencyKeys,
    TimeProvider time,
    IOptions<WasteApiOptions> options)
{
    /// <summary>The daily scan quota: <c>Quotas:Scans:DailyLimit</c>, state keys <c>quota|scans|{userId}|{yyyy-MM-dd}</c>.</summary>
    public const string QuotaName = "scans";

    public const long DefaultDailyScans = 50;

    public async Task<SubmissionOutcome> SubmitAsync(string userId, ReadOnlyMemory<byte> image, ScanDetails details, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var taskId = Guid.NewGuid().ToString("N");
        var key = idempotencyKey is null ? null : IdempotencyKeys.StateKeyFor(userId, idempotencyKey);
        if (key is not null && await dapr.GetStateAsync<string?>(DaprComponents.StateStore, key, cancellationToken: cancellationToken) is { } earlier)
        {
            return await ReplayAsync(earlier, cancellationToken) ?? await StartAsync(earlier, userId, image, details, cancellationToken);
        }

        var decision = await quota.TryReserveAsync(userId, 1, cancellationToken);
        if (!decision.Allowed)
        {
            return new SubmissionOutcome(null, decision);
        }

        if (key is not null)
        {
            // Listed before it is written, so a deleted account's key is always found (Accounts/AccountPurge).
            await idempotencyKeys.AddAsync(userId, key, cancellationToken);
            var reserved = await ReserveAsync(key, taskId, cancellationToken);
            if (reserved != taskId)
            {
                // A request with the same key got in first and paid for the scan: give this one back.
                await quota.AdjustAsync(userId, decision.Day, -1, cancellationToken);
                return await ReplayAsync(reserved, cancellationToken) ?? await StartAsync(reserved, userId, image, details, cancellationToken);
            }
        }

        return await StartAsync(taskId, userId, image, details, cancellationToken);
    }

    /// <summary>The scan an earlier request with the key started, or null when it stopped before starting it.</summary>
    private async Task<SubmissionOutcome?> ReplayAsync(string taskId, CancellationToken cancellationToken) =>
        await pipeline.ReadAsync(taskId, cancellationToken) is not null
            ? new SubmissionOutcome(new Submission(taskId, Replayed: true), null)
            : null;

    private async Task<SubmissionOutcome> StartAsync(string taskId, string userId, ReadOnlyMemory<byte> image, ScanDetails details, CancellationToken cancellationToken)
    {
        // Read once, when the scan starts: the workflow keeps it in its input, so a replay or retry answers alike.
        var region = details.Region ?? await regions.FindAsync(userId, cancellationToken);
        var rawKey = $"raw/{taskId}";
        await dapr.InvokeBindingAsync(new BindingRequest(DaprComponents.Images, "create")
        {
            Data = image,
            Metadata = { ["key"] = rawKey },
        }, cancellationToken);
        await pipeline.StartAsync(
            new ScanRequest(taskId, userId, rawKey, details.Question, time.GetUtcNow(), details.Language, region), cancellationToken);
        return new SubmissionOutcome(new Submission(taskId, Replayed: false), null);
    }

    /// <summary>
    /// Creates the key (<see cref="StateCreate"/>: a lost race is false, not a retried store error); returns the task id
    /// it holds (ours, or an earlier request's). A store failure is a <see cref="DaprException"/>, answered 503.
    /// </summary>
    private async Task<string> ReserveAsync(string key, string taskId, CancellationToken cancellationToken)
    {
        var ttl = new Dictionary<string, string> { ["ttlInSeconds"] = ((long)options.Value.IdempotencyTtl.TotalSeconds).ToString(CultureInfo.InvariantCulture) };
        if (await dapr.TryCreateStateAsync(DaprComponents.StateStore, key, taskId, ttl, cancellationToken))
        {
            return taskId;
        }

        // The winner's key can only be gone if it expired in between; that is a failure to send again, not a new scan.
        return await dapr.GetStateAsync<string>(DaprComponents.StateStore, key, cancellationToken: cancellationToken)
            ?? throw new DaprException($"Idempotency key '{key}' was taken but could not be read.");
    }
}

/// <param name="Replayed">True when an earlier request with the same Idempotency-Key already started this scan.</param>
public sealed record Submission(string TaskId, bool Replayed);

/// <summary>A submission accepted (<see cref="Accepted"/>), or refused by the daily scan quota (<see cref="OverQuota"/>).</summary>
public sealed record SubmissionOutcome(Submission? Accepted, QuotaDecision? OverQuota);
