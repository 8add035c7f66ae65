using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapr.Client;
using Grpc.Core;

namespace Growbin.TestSupport.Dapr;

public sealed partial class InMemoryDaprClient
{
    private readonly object _stateGate = new();
    private readonly Dictionary<(string Store, string Key), StoredState> _state = new();
    private long _etagCounter;

    /// <summary>The JSON a real store would hold for the key, or null when absent or expired.</summary>
    public string? GetStoredJson(string storeName, string key)
    {
        lock (_stateGate)
        {
            return Find(storeName, key) is { } item ? Encoding.UTF8.GetString(item.Value) : null;
        }
    }

    /// <summary>The current ETag of the key, or null when absent or expired.</summary>
    public string? GetStoredETag(string storeName, string key)
    {
        lock (_stateGate)
        {
            return Find(storeName, key)?.ETag;
        }
    }

    /// <summary>How long the key has left to live (its <c>ttlInSeconds</c>), or null when it has no TTL, is absent or expired.</summary>
    public TimeSpan? TtlOf(string storeName, string key)
    {
        lock (_stateGate)
        {
            return Find(storeName, key)?.ExpiresAt - _time.GetUtcNow();
        }
    }

    /// <summary>Live (unexpired) keys of one store, sorted.</summary>
    public IReadOnlyList<string> StateKeys(string storeName)
    {
        lock (_stateGate)
        {
            var now = _time.GetUtcNow();
            return _state
                .Where(e => e.Key.Store == storeName && !e.Value.IsExpired(now))
                .Select(e => e.Key.Key)
                .Order(StringComparer.Ordinal)
                .ToList();
        }
    }

    public override Task<TValue> GetStateAsync<TValue>(string storeName, string key, ConsistencyMode? consistencyMode = null,
        IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        var (bytes, _) = Read(storeName, key);
        return Task.FromResult(Deserialize<TValue>(bytes));
    }

    public override Task<(TValue value, string etag)> GetStateAndETagAsync<TValue>(string storeName, string key,
        ConsistencyMode? consistencyMode = null, IReadOnlyDictionary<string, string>? metadata = null,
        CancellationToken cancellationToken = default)
    {
        var (bytes, etag) = Read(storeName, key);
        return Task.FromResult((Deserialize<TValue>(bytes), etag));
    }

    public override Task<ReadOnlyMemory<byte>> GetByteStateAsync(string storeName, string key, ConsistencyMode? consistencyMode = null,
        IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        var (bytes, _) = Read(storeName, key);
        return Task.FromResult<ReadOnlyMemory<byte>>(bytes);
    }

    public override Task<(ReadOnlyMemory<byte>, string etag)> GetByteStateAndETagAsync(string storeName, string key,
        ConsistencyMode? consistencyMode = null, IReadOnlyDictionary<string, string>? metadata = null,
        CancellationToken cancellationToken = default)
    {
        var (bytes, etag) = Read(storeName, key);
        return Task.FromResult<(ReadOnlyMemory<byte>, string)>((bytes, etag));
    }

    public override Task<IReadOnlyList<BulkStateItem>> GetBulkStateAsync(string storeName, IReadOnlyList<string> keys,
        int? parallelism, IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        var items = ReadBulk(storeName, keys)
            .Select(r => new BulkStateItem(r.Key, Encoding.UTF8.GetString(r.Value), r.ETag))
            .ToList();
        return Task.FromResult<IReadOnlyList<BulkStateItem>>(items);
    }

    public override Task<IReadOnlyList<BulkStateItem<TValue>>> GetBulkStateAsync<TValue>(string storeName,
        IReadOnlyList<string> keys, int? parallelism, IReadOnlyDictionary<string, string>? metadata = null,
        CancellationToken cancellationToken = default)
    {
        var items = ReadBulk(storeName, keys)
            .Select(r => new BulkStateItem<TValue>(r.Key, Deserialize<TValue>(r.Value), r.ETag))
            .ToList();
        return Task.FromResult<IReadOnlyList<BulkStateItem<TValue>>>(items);
    }

    public override Task SaveStateAsync<TValue>(string storeName, string key, TValue value, StateOptions? stateOptions = null,
        IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        RequireNotEmpty(storeName, nameof(storeName));
        RequireNotEmpty(key, nameof(key));
        SaveOrThrow(storeName, key, Serialize(value), etag: null, stateOptions, metadata);
        return Task.CompletedTask;
    }

    public override Task<bool> TrySaveStateAsync<TValue>(string storeName, string key, TValue value, string etag,
        StateOptions? stateOptions = null, IReadOnlyDictionary<string, string>? metadata = null,
        CancellationToken cancellationToken = default)
    {
        RequireNotEmpty(storeName, nameof(storeName));
        RequireNotEmpty(key, nameof(key));
        ArgumentNullException.ThrowIfNull(etag);
        return Task.FromResult(TrySave(storeName, key, Serialize(value), etag, stateOptions, metadata));
    }

    public override Task SaveByteStateAsync(string storeName, string key, ReadOnlyMemory<byte> binaryValue,
        StateOptions? stateOptions = null, IReadOnlyDictionary<string, string>? metadata = null,
        CancellationToken cancellationToken = default)
    {
        RequireNotEmpty(storeName, nameof(storeName));
        RequireNotEmpty(key, nameof(key));
        SaveOrThrow(storeName, key, binaryValue.ToArray(), etag: null, stateOptions, metadata);
        return Task.CompletedTask;
    }

    public override Task<bool> TrySaveByteStateAsync(string storeName, string key, ReadOnlyMemory<byte> binaryValue, string etag,
        StateOptions? stateOptions = null, IReadOnlyDictionary<string, string>? metadata = null,
        CancellationToken cancellationToken = default)
    {
        RequireNotEmpty(storeName, nameof(storeName));
        RequireNotEmpty(key, nameof(key));
        ArgumentNullException.ThrowIfNull(etag);
        return Task.FromResult(TrySave(storeName, key, binaryValue.ToArray(), etag, stateOptions, metadata));
    }

    public override Task SaveBulkStateAsync<TValue>(string storeName, IReadOnlyList<SaveStateItem<TValue>> items,
        CancellationToken cancellationToken = default)
    {
        RequireNotEmpty(storeName, nameof(storeName));
        if (items.Count == 0)
        {
            throw new ArgumentException("items do not contain any elements");
        }

        // Bulk save is not transactional in Dapr: each item stands alone, the call fails if any item failed.
        var failed = items
            .Where(i => !TrySave(storeName, i.Key, Serialize(i.Value), i.ETag, i.StateOptions, i.Metadata))
            .Select(i => i.Key)
            .ToList();
        if (failed.Count > 0)
        {
            throw DaprErrors.State(StatusCode.Aborted,
                $"failed saving state in state store {storeName}: possible etag mismatch for keys {string.Join(", ", failed)}");
        }

        return Task.CompletedTask;
    }

    public override Task DeleteStateAsync(string storeName, string key, StateOptions? stateOptions = null,
        IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        RequireNotEmpty(storeName, nameof(storeName));
        RequireNotEmpty(key, nameof(key));
        TryDelete(storeName, key, etag: null);
        return Task.CompletedTask;
    }

    public override Task<bool> TryDeleteStateAsync(string storeName, string key, string etag, StateOptions? stateOptions = null,
        IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        RequireNotEmpty(storeName, nameof(storeName));
        RequireNotEmpty(key, nameof(key));
        ArgumentNullException.ThrowIfNull(etag);
        return Task.FromResult(TryDelete(storeName, key, etag));
    }

    public override Task DeleteBulkStateAsync(string storeName, IReadOnlyList<BulkDeleteStateItem> items,
        CancellationToken cancellationToken = default)
    {
        var failed = items.Where(i => !TryDelete(storeName, i.Key, i.ETag)).Select(i => i.Key).ToList();
        if (failed.Count > 0)
        {
            throw DaprErrors.State(StatusCode.Aborted,
                $"failed deleting state in state store {storeName}: possible etag mismatch for keys {string.Join(", ", failed)}");
        }

        return Task.CompletedTask;
    }

    public override Task ExecuteStateTransactionAsync(string storeName, IReadOnlyList<StateTransactionRequest> operations,
        IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        RequireNotEmpty(storeName, nameof(storeName));
        ArgumentNullException.ThrowIfNull(operations);
        if (operations.Count == 0)
        {
            throw new ArgumentException($"{nameof(operations)} does not contain any elements");
        }

        lock (_stateGate)
        {
            // Apply to a scratch copy first: a transaction lands whole or not at all.
            var now = _time.GetUtcNow();
            var scratch = new Dictionary<string, StoredState?>();
            StoredState? Current(string key) =>
                scratch.TryGetValue(key, out var pending) ? pending : Find(storeName, key);

            foreach (var op in operations)
            {
                var existing = Current(op.Key);
                var opOptions = op.Options;
                if (op.OperationType == StateOperationType.Delete)
                {
                    if (!ETagAllows(existing, op.ETag, firstWrite: false))
                    {
                        throw TransactionConflict(op.Key);
                    }

                    scratch[op.Key] = null;
                    continue;
                }

                var firstWrite = opOptions?.Concurrency == ConcurrencyMode.FirstWrite;
                if (!ETagAllows(existing, op.ETag, firstWrite))
                {
                    throw TransactionConflict(op.Key);
                }

                var ttlSource = op.Metadata ?? metadata;
                scratch[op.Key] = new StoredState(op.Value ?? [], NextETag(), ExpiryFrom(ttlSource, now));
            }

            foreach (var (key, value) in scratch)
            {
                if (value is null)
                {
                    _state.Remove((storeName, key));
                }
                else
                {
                    _state[(storeName, key)] = value;
                }
            }
        }

        return Task.CompletedTask;
    }

    public override Task<StateQueryResponse<TValue>> QueryStateAsync<TValue>(string storeName, string jsonQuery,
        IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default) =>
        throw Unsupported();

    private (byte[] Value, string ETag) Read(string storeName, string key)
    {
        RequireNotEmpty(storeName, nameof(storeName));
        RequireNotEmpty(key, nameof(key));
        ThrowIfDisposed();
        lock (_stateGate)
        {
            // A missing key is not an error in Dapr: empty data and an empty ETag.
            return Find(storeName, key) is { } item ? (item.Value, item.ETag) : ([], string.Empty);
        }
    }

    private List<(string Key, byte[] Value, string ETag)> ReadBulk(string storeName, IReadOnlyList<string> keys)
    {
        RequireNotEmpty(storeName, nameof(storeName));
        if (keys.Count == 0)
        {
            throw new ArgumentException("keys do not contain any elements");
        }

        return keys.Select(k =>
        {
            var (value, etag) = Read(storeName, k);
            return (k, value, etag);
        }).ToList();
    }

    private void SaveOrThrow(string storeName, string key, byte[] value, string? etag, StateOptions? options,
        IReadOnlyDictionary<string, string>? metadata)
    {
        if (!TrySave(storeName, key, value, etag, options, metadata))
        {
            // Only first-write can refuse a save without an ETag; the real client surfaces it as an exception.
            throw DaprErrors.State(StatusCode.Aborted,
                $"failed saving state in state store {storeName}: possible etag mismatch. error from state store: " +
                $"key {key} already exists and concurrency is first-write");
        }
    }

    private bool TrySave(string storeName, string key, byte[] value, string? etag, StateOptions? options,
        IReadOnlyDictionary<string, string>? metadata)
    {
        ThrowIfDisposed();
        lock (_stateGate)
        {
            var now = _time.GetUtcNow();
            var existing = Find(storeName, key);
            if (!ETagAllows(existing, etag, options?.Concurrency == ConcurrencyMode.FirstWrite))
            {
                return false;
            }

            _state[(storeName, key)] = new StoredState(value, NextETag(), ExpiryFrom(metadata, now));
            return true;
        }
    }

    private bool TryDelete(string storeName, string key, string? etag)
    {
        ThrowIfDisposed();
        lock (_stateGate)
        {
            var existing = Find(storeName, key);
            if (!ETagAllows(existing, etag, firstWrite: false))
            {
                return false;
            }

            _state.Remove((storeName, key));
            return true;
        }
    }

    /// <summary>
    /// A non-empty ETag must match the stored one; a missing key never matches. (Redis would accept an ETag on a
    /// missing key, most other stores refuse it: the double takes the stricter side so tests catch stale ETags.)
    /// First-write without an ETag succeeds only if the key does not exist: that is how Redis behaves under
    /// first-write, where the absent ETag is treated as version 0.
    /// </summary>
    private static bool ETagAllows(StoredState? existing, string? etag, bool firstWrite)
    {
        if (!string.IsNullOrEmpty(etag))
        {
            return existing is not null && existing.ETag == etag;
        }

        return !firstWrite || existing is null;
    }

    // Caller holds _stateGate. Expired items are dropped on sight, as a store with native TTL would have.
    private StoredState? Find(string storeName, string key)
    {
        if (!_state.TryGetValue((storeName, key), out var item))
        {
            return null;
        }

        if (item.IsExpired(_time.GetUtcNow()))
        {
            _state.Remove((storeName, key));
            return null;
        }

        return item;
    }

    private string NextETag() => Interlocked.Increment(ref _etagCounter).ToString(CultureInfo.InvariantCulture);

    private static DateTimeOffset? ExpiryFrom(IReadOnlyDictionary<string, string>? metadata, DateTimeOffset now)
    {
        if (metadata is null || !metadata.TryGetValue("ttlInSeconds", out var raw))
        {
            return null;
        }

        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) || seconds < -1)
        {
            throw DaprErrors.State(StatusCode.InvalidArgument,
                $"failed to parse ttlInSeconds: {raw}: ttlInSeconds must be an integer >= -1");
        }

        // -1 means "never expires", overriding a component default.
        return seconds == -1 ? null : now.AddSeconds(seconds);
    }

    private byte[] Serialize<TValue>(TValue value) =>
        value is null ? [] : JsonSerializer.SerializeToUtf8Bytes(value, _json);

    private TValue Deserialize<TValue>(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return default!;
        }

        try
        {
            return JsonSerializer.Deserialize<TValue>(bytes, _json)!;
        }
        catch (JsonException ex)
        {
            throw new global::Dapr.DaprException(
                "State operation failed: the state payload could not be deserialized. See InnerException for details.", ex);
        }
    }

    private static global::Dapr.DaprException TransactionConflict(string key) =>
        DaprErrors.State(StatusCode.Aborted,
            $"error while executing state transaction: possible etag mismatch. error from state store: key {key}");
}
