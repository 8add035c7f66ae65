using System.Globalization;
using Dapr.Client;
using Growbin.Contracts;

namespace Growbin.ServiceDefaults.State;

/// <summary>
/// The state keys an app wrote for one user, listed under <c>{name}|{userId}</c> in <c>statestore</c>, so that a deleted
/// account's keys can be found and deleted (Dapr state has no listing by prefix). Bounded both ways: an entry is
/// dropped once it is older than <see cref="EntryTtl"/> (the keys it names expire by then), the key itself lives
/// <see cref="EntryTtl"/> after its newest entry, and at most <see cref="MaxEntries"/> entries are kept; an add that
/// pushes older ones out returns them, so the caller can delete what they name instead of losing track of it.
/// Every add is an ETag-guarded read-modify-write (the first one a create, <see cref="StateCreate"/>): two replicas
/// adding at once both land.
/// </summary>
public sealed class UserKeyIndex(DaprClient dapr, TimeProvider time, string name, TimeSpan entryTtl, int maxEntries)
{
    /// <summary>Lost races before an add gives up; each one is another writer's success.</summary>
    public const int MaxAttempts = 16;

    public string Name => name;

    public TimeSpan EntryTtl => entryTtl;

    public int MaxEntries => maxEntries;

    public static string KeyFor(string name, string userId) => $"{name}|{userId}";

    public string KeyFor(string userId) => KeyFor(name, userId);

    /// <summary>
    /// Lists <paramref name="key"/> for <paramref name="userId"/> (again: a listed key only has its time renewed) and
    /// returns the keys pushed out past <see cref="MaxEntries"/>. A store failure is a <see cref="Dapr.DaprException"/>,
    /// <see cref="MaxAttempts"/> lost races an <see cref="InvalidOperationException"/>: the caller then writes nothing it
    /// could not find again.
    /// </summary>
    public async Task<IReadOnlyList<string>> AddAsync(string userId, string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentException.ThrowIfNullOrEmpty(key);
        var indexKey = KeyFor(userId);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var (current, etag) = await dapr.GetStateAndETagAsync<UserKeys?>(DaprComponents.StateStore, indexKey, cancellationToken: cancellationToken);
            var now = time.GetUtcNow();
            var live = Live(current, now).Where(e => e.Key != key).Append(new UserKeyEntry(key, now)).ToList();
            var evicted = live.Count > maxEntries ? live.Take(live.Count - maxEntries).Select(e => e.Key).ToList() : [];
            var kept = new UserKeys(live.Skip(evicted.Count).ToList());
            if (await dapr.TrySaveOrCreateStateAsync(DaprComponents.StateStore, indexKey, kept, etag, Ttl(), cancellationToken))
            {
                return evicted;
            }
        }

        throw new InvalidOperationException($"The index {indexKey} stayed contended for {MaxAttempts} attempts.");
    }

    /// <summary>The keys listed for <paramref name="userId"/> and not yet past <see cref="EntryTtl"/>, oldest first.</summary>
    public async Task<IReadOnlyList<string>> ListAsync(string userId, CancellationToken cancellationToken)
    {
        var current = await dapr.GetStateAsync<UserKeys?>(DaprComponents.StateStore, KeyFor(userId), cancellationToken: cancellationToken);
        return Live(current, time.GetUtcNow()).Select(e => e.Key).ToList();
    }

    /// <summary>
    /// Deletes <paramref name="keys"/> and the index in one transaction (Redis MULTI/EXEC; a delete without an ETag is
    /// never refused, contrib state/redis/redis.go). Safe to repeat.
    /// </summary>
    public Task DeleteWithAsync(string userId, IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        var deletes = keys.Append(KeyFor(userId)).Distinct(StringComparer.Ordinal)
            .Select(k => new StateTransactionRequest(k, null, StateOperationType.Delete))
            .ToList();
        return dapr.ExecuteStateTransactionAsync(DaprComponents.StateStore, deletes, cancellationToken: cancellationToken);
    }

    private IEnumerable<UserKeyEntry> Live(UserKeys? keys, DateTimeOffset now) =>
        (keys?.Entries ?? []).Where(e => now - e.AddedAt < entryTtl);

    private Dictionary<string, string> Ttl() => new()
    {
        ["ttlInSeconds"] = Math.Max(1, (long)Math.Ceiling(entryTtl.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
    };
}
