using System.Globalization;
using Dapr.Client;
using Growbin.Contracts;
using Growbin.Contracts.Pipeline;
using Growbin.ServiceDefaults.State;
using Microsoft.Extensions.Options;

namespace Growbin.ScanPipeline;

/// <summary>
/// Which scans are in flight and since when, in the state store: the start endpoint adds a scan once its workflow is
/// scheduled and <see cref="FinishScan"/> removes it (Dapr's instance listing gives ids without start times, and listing
/// every retained instance each minute would cost a read per instance). Entries are spread over <see cref="Shards"/>
/// keys by a stable hash of the scan id, so the two replicas' ETag-guarded updates rarely meet on the same key.
/// Nothing lives forever: an entry older than <see cref="InFlightIndexOptions.EntryTtl"/> is dropped at the next write
/// of its shard and never listed, and each shard key carries that TTL itself.
/// </summary>
public sealed class InFlightScanIndex(DaprClient dapr, TimeProvider time, IOptions<InFlightIndexOptions> options, ILogger<InFlightScanIndex> logger)
{
    public const int Shards = 16;
    private const string KeyPrefix = "in-flight-scans-";
    private const int MaxAttempts = 10;

    public Task AddAsync(string scanId, DateTimeOffset startedAt, CancellationToken cancellationToken) =>
        UpdateAsync(scanId, scans => scans.TryAdd(scanId, startedAt), cancellationToken);

    public Task RemoveAsync(string scanId, CancellationToken cancellationToken) =>
        UpdateAsync(scanId, scans => scans.Remove(scanId), cancellationToken);

    /// <summary>Every scan listed and not past its TTL, oldest first.</summary>
    public async Task<IReadOnlyList<InFlightScan>> ListAsync(CancellationToken cancellationToken)
    {
        var keys = Enumerable.Range(0, Shards).Select(KeyOf).ToList();
        var shards = await dapr.GetBulkStateAsync<Dictionary<string, DateTimeOffset>?>(
            DaprComponents.StateStore, keys, parallelism: Shards, cancellationToken: cancellationToken);
        var oldest = time.GetUtcNow() - options.Value.EntryTtl;
        return shards
            .SelectMany(s => s.Value ?? [])
            .Where(e => e.Value > oldest)
            .Select(e => new InFlightScan(e.Key, e.Value))
            .OrderBy(s => s.StartedAt)
            .ToList();
    }

    /// <summary>Read, change, write with the read's ETag; a concurrent writer makes it read again.</summary>
    private async Task UpdateAsync(string scanId, Func<Dictionary<string, DateTimeOffset>, bool> change, CancellationToken cancellationToken)
    {
        var key = KeyOf(ShardOf(scanId));
        var ttl = options.Value.EntryTtl;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var (scans, etag) = await dapr.GetStateAndETagAsync<Dictionary<string, DateTimeOffset>?>(
                DaprComponents.StateStore, key, cancellationToken: cancellationToken);
            scans ??= [];
            var oldest = time.GetUtcNow() - ttl;
            var expired = scans.Where(e => e.Value <= oldest).Select(e => e.Key).ToList();
            expired.ForEach(id => scans.Remove(id));
            if (!change(scans) && expired.Count == 0)
            {
                return;
            }

            // With no ETag (a new key) a create (StateCreate): a concurrent creator's entry is never replaced, and losing
            // to it is a false that reads again, not a store error.
            var metadata = new Dictionary<string, string> { ["ttlInSeconds"] = ((long)ttl.TotalSeconds).ToString(CultureInfo.InvariantCulture) };
            if (await dapr.TrySaveOrCreateStateAsync(DaprComponents.StateStore, key, scans, etag, metadata, cancellationToken))
            {
                return;
            }
        }

        logger.LogWarning("In-flight index shard {Key} stayed contended for {Attempts} attempts", key, MaxAttempts);
        throw new InvalidOperationException($"In-flight index shard {key} could not be updated for {scanId}.");
    }

    private static string KeyOf(int shard) => KeyPrefix + shard.ToString(CultureInfo.InvariantCulture);

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
