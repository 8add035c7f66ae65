using System.Globalization;
using Dapr;
using Dapr.Client;
using Growbin.Contracts;
using Growbin.Contracts.Pipeline;
using Growbin.ServiceDefaults.State;
using Microsoft.Extensions.Options;

namespace Growbin.WasteApi;

/// <summary>
/// Accepts a checked upload: reserves the Idempotency-Key (first write wins), stores the raw bytes at
/// <c>raw/{taskId}</c> through the <c>images</c> binding and starts the scan workflow with the task id as its
/// instance id. Every step is safe to repeat with the same task id, so a retried request with the same key finishes
/// what an interrupted one began and never starts a second scan.
/// </summary>
public sealed class ScanSubmissions(DaprClient dapr, ScanPipelineClient pipeline, TimeProvider time, IOptions<WasteApiOptions> options)
{
    public async Task<Submission> SubmitAsync(string userId, ReadOnlyMemory<byte> image, string? question, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var taskId = Guid.NewGuid().ToString("N");
        if (idempotencyKey is not null)
        {
            var reserved = await ReserveAsync($"idempotency:{userId}:{idempotencyKey}", taskId, cancellationToken);
            if (reserved != taskId)
            {
                if (await pipeline.ReadAsync(reserved, cancellationToken) is not null)
                {
                    return new Submission(reserved, Replayed: true);
                }

                taskId = reserved; // the first request stopped before starting its scan: finish it under its task id
            }
        }

        var rawKey = $"raw/{taskId}";
        await dapr.InvokeBindingAsync(new BindingRequest(DaprComponents.Images, "create")
        {
            Data = image,
            Metadata = { ["key"] = rawKey },
        }, cancellationToken);
        await pipeline.StartAsync(new ScanRequest(taskId, userId, rawKey, question, time.GetUtcNow()), cancellationToken);
        return new Submission(taskId, Replayed: false);
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
