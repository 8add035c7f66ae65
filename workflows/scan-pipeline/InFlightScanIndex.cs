using Dapr.Client;
using Growbin.Contracts;
using Growbin.Contracts.Pipeline;
using Growbin.Workflows;

namespace Growbin.ScanPipeline;

/// <summary>
/// Which scans are in flight and since when, in the state store: the workflow actor adds a scan when it starts and
/// removes it when it ends. Entries are spread over <see cref="Shards"/> keys (by a stable hash of the scan id) so the
/// two replicas' ETag-guarded updates rarely meet on the same key. task-scheduler reads the list through
/// <see cref="InFlightScansApi"/> to flag stuck scans.
/// </summary>
public sealed class InFlightScanIndex(DaprClient dapr, ILogger<InFlightScanIndex> logger) : IWorkflowInstanceIndex
{
    public const int Shards = 16;
    private const string KeyPrefix = "in-flight-scans-";
    private const int MaxAttempts = 10;

    public Task AddAsync(string workflow, string instanceId, DateTimeOffset createdAt, CancellationToken cancellationToken) =>
        workflow == ScanRequest.WorkflowName
            ? UpdateAsync(instanceId, scans => scans.TryAdd(instanceId, createdAt), cancellationToken)
            : Task.CompletedTask;

    public Task RemoveAsync(string workflow, string instanceId, CancellationToken cancellationToken) =>
        workflow == ScanRequest.WorkflowName
            ? UpdateAsync(instanceId, scans => scans.Remove(instanceId), cancellationToken)
            : Task.CompletedTask;

    /// <summary>Every scan in flight, oldest first.</summary>
    public async Task<IReadOnlyList<InFlightScan>> ListAsync(CancellationToken cancellationToken)
    {
        var keys = Enumerable.Range(0, Shards).Select(KeyOf).ToList();
        var shards = await dapr.GetBulkStateAsync<Dictionary<string, DateTimeOffset>?>(
            DaprComponents.StateStore, keys, parallelism: Shards, cancellationToken: cancellationToken);
        return shards
            .SelectMany(s => s.Value ?? [])
            .Select(e => new InFlightScan(e.Key, e.Value))
            .OrderBy(s => s.StartedAt)
            .ToList();
    }

    /// <summary>Read, change, write with the read's ETag; a concurrent writer makes it read again.</summary>
    private async Task UpdateAsync(string scanId, Func<Dictionary<string, DateTimeOffset>, bool> change, CancellationToken cancellationToken)
    {
        var key = KeyOf(ShardOf(scanId));
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var (scans, etag) = await dapr.GetStateAndETagAsync<Dictionary<string, DateTimeOffset>?>(
                DaprComponents.StateStore, key, cancellationToken: cancellationToken);
            scans ??= [];
            if (!change(scans))
            {
                return;
            }

            var options = string.IsNullOrEmpty(etag) ? new StateOptions { Concurrency = ConcurrencyMode.FirstWrite } : null;
            if (await dapr.TrySaveStateAsync(DaprComponents.StateStore, key, scans, etag ?? string.Empty, options,
                    cancellationToken: cancellationToken))
            {
                return;
            }
        }

        logger.LogWarning("In-flight index shard {Key} stayed contended for {Attempts} attempts", key, MaxAttempts);
        throw new InvalidOperationException($"In-flight index shard {key} could not be updated for {scanId}.");
    }

    private static string KeyOf(int shard) => KeyPrefix + shard.ToString(System.Globalization.CultureInfo.InvariantCulture);

    // FNV-1a: string.GetHashCode differs between processes, and both replicas must pick the same shard.
    internal static int ShardOf(string scanId)
    {
        var hash = 2166136261u;
        foreach (var c in scanId)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash % Shards);
    }
}
