using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapr.Client;
using Grpc.Core;

namespace Growbin.TestSupport.Dapr;

public sealed partial class InMemoryDaprClient
{
    // State as a sidecar backed by state.redis answers it: the store's scripts and errors from components-contrib
    // state/redis/redis.go, their wrapping and gRPC codes from dapr pkg/api/grpc/grpc.go, what the client makes of
    // them from dotnet-sdk src/Dapr.Client/DaprClientGrpc.cs. Keys are not prefixed with an app id here, so messages
    // name the bare key where the sidecar names "appid||key".
    private readonly object _stateGate = new();
    private readonly Dictionary<(string Store, string Key), StoredState> _state = new();
    private readonly List<StateFailure> _failures = [];
    private readonly List<(string Store, Func<string, bool> Matches, Action<string> Run)> _rivals = [];

    /// <summary>
    /// Every state call the sidecar answered with an error, in order. An Internal one is what resiliency's
    /// transientOutbound retries and counts toward the circuit breaker on each attempt; ETag errors (Aborted,
    /// InvalidArgument) are never retried (dapr pkg/components/state/bulk.go).
    /// </summary>
    public IReadOnlyList<StateFailure> StateFailures
    {
        get
        {
            lock (_failures)
            {
                return [.. _failures];
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="rival"/> once, just before the next save of <paramref name="key"/> (a single, bulk or
    /// transactional one) reaches the store: a writer that got in between a caller's read and its write.
    /// </summary>
    public void BeforeNextSave(string storeName, string key, Action rival) =>
        BeforeNextSave(storeName, k => k == key, _ => rival());

    /// <summary>As <see cref="BeforeNextSave(string, string, Action)"/> for the next save of a key that matches; the rival gets the key.</summary>
    public void BeforeNextSave(string storeName, Func<string, bool> keyMatches, Action<string> rival)
    {
        lock (_rivals)
        {
            _rivals.Add((storeName, keyMatches, rival));
        }
    }

    /// <summary>The JSON a real store would hold for the key, or null when absent or expired.</summary>
    public string? GetStoredJson(string storeName, string key)
    {
        lock (_stateGate)
        {
            return Find(storeName, key) is { } item ? Encoding.UTF8.GetString(item.Value) : null;
        }
    }

    /// <summary>The current ETag of the key (its version: "1" when created, one more per write), or null when absent or expired.</summary>
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
        SaveOne(storeName, key, Serialize(value), etag: null, stateOptions, metadata);
        return Task.CompletedTask;
    }

    public override Task<bool> TrySaveStateAsync<TValue>(string storeName, string key, TValue value, string etag,
        StateOptions? stateOptions = null, IReadOnlyDictionary<string, string>? metadata = null,
        CancellationToken cancellationToken = default)
    {
        RequireNotEmpty(storeName, nameof(storeName));
        RequireNotEmpty(key, nameof(key));
        ArgumentNullException.ThrowIfNull(etag);
        return Task.FromResult(SaveOne(storeName, key, Serialize(value), etag, stateOptions, metadata));
    }

    public override Task SaveByteStateAsync(string storeName, string key, ReadOnlyMemory<byte> binaryValue,
        StateOptions? stateOptions = null, IReadOnlyDictionary<string, string>? metadata = null,
        CancellationToken cancellationToken = default)
    {
        RequireNotEmpty(storeName, nameof(storeName));
        RequireNotEmpty(key, nameof(key));
        SaveOne(storeName, key, binaryValue.ToArray(), etag: null, stateOptions, metadata);
        return Task.CompletedTask;
    }

    public override Task<bool> TrySaveByteStateAsync(string storeName, string key, ReadOnlyMemory<byte> binaryValue, string etag,
        StateOptions? stateOptions = null, IReadOnlyDictionary<string, string>? metadata = null,
        CancellationToken cancellationToken = default)
    {
        RequireNotEmpty(storeName, nameof(storeName));
        RequireNotEmpty(key, nameof(key));
        ArgumentNullException.ThrowIfNull(etag);
        return Task.FromResult(SaveOne(storeName, key, binaryValue.ToArray(), etag, stateOptions, metadata));
    }

    /// <summary>
    /// One SaveState call with many items. Not transactional: the sidecar runs contrib's default BulkSet, every item
    /// on its own (components-contrib state/bulk.go), so the others land when one fails. Failures that are all ETag
    /// errors come back as one ETag error (Aborted, or InvalidArgument if one ETag was not a number); any other failure
    /// makes it Internal (dapr pkg/components/state/bulk.go, pkg/api/grpc/grpc.go getStateErrorCode).
    /// </summary>
    public override Task SaveBulkStateAsync<TValue>(string storeName, IReadOnlyList<SaveStateItem<TValue>> items,
        CancellationToken cancellationToken = default)
    {
        RequireNotEmpty(storeName, nameof(storeName));
        if (items.Count == 0)
        {
            throw new ArgumentException("items do not contain any elements");
        }

        if (items.Count == 1)
        {
            SaveOne(storeName, items[0].Key, Serialize(items[0].Value), items[0].ETag, items[0].StateOptions, items[0].Metadata);
            return Task.CompletedTask;
        }

        var failures = items
            .Select(i => (i.Key, Error: Set(storeName, i.Key, Serialize(i.Value), i.ETag, i.StateOptions, i.Metadata)))
            .Where(f => f.Error is not null)
            .Select(f => (f.Key, Error: f.Error!.Value))
            .ToList();
        ThrowIfBulkFailed(storeName, "save", failures, single: false, messages => $"failed saving state in state store {storeName}: {messages}");
        return Task.CompletedTask;
    }

    public override Task DeleteStateAsync(string storeName, string key, StateOptions? stateOptions = null,
        IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        RequireNotEmpty(storeName, nameof(storeName));
        RequireNotEmpty(key, nameof(key));
        DeleteOne(storeName, key, etag: null);
        return Task.CompletedTask;
    }

    public override Task<bool> TryDeleteStateAsync(string storeName, string key, string etag, StateOptions? stateOptions = null,
        IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        RequireNotEmpty(storeName, nameof(storeName));
        RequireNotEmpty(key, nameof(key));
        ArgumentNullException.ThrowIfNull(etag);
        return Task.FromResult(DeleteOne(storeName, key, etag));
    }

    /// <summary>Like <see cref="SaveBulkStateAsync{TValue}"/>: every item on its own; Redis can only refuse one for its ETag.</summary>
    public override Task DeleteBulkStateAsync(string storeName, IReadOnlyList<BulkDeleteStateItem> items,
        CancellationToken cancellationToken = default)
    {
        var failures = items
            .Select(i => (i.Key, Error: Delete(storeName, i.Key, i.ETag)))
            .Where(f => f.Error is not null)
            .Select(f => (f.Key, Error: f.Error!.Value))
            .ToList();
        ThrowIfBulkFailed(storeName, "delete", failures, single: items.Count == 1, messages => $"failed deleting state in state store {storeName}: {messages}");
        return Task.CompletedTask;
    }

    /// <summary>
    /// contrib's Redis Multi (state/redis/redis.go): every ETag and ttlInSeconds is parsed first (a bad one fails the
    /// call with nothing written), then all operations run in one MULTI/EXEC, each through the same script as a single
    /// save or delete. Redis has no rollback: an operation whose script refuses fails alone, every other one (and the
    /// EXPIRE queued after a refused set) still applies, and the call fails with the first refusal. Multi does not
    /// pass the first-write argument, so an upsert never marks its key first-write, though a key already marked still
    /// refuses an upsert without ETag. The sidecar answers every transaction failure with Internal
    /// (pkg/api/grpc/grpc.go ExecuteStateTransaction), which resiliency retries by running the whole transaction
    /// again; the double runs it once.
    /// </summary>
    public override Task ExecuteStateTransactionAsync(string storeName, IReadOnlyList<StateTransactionRequest> operations,
        IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        RequireNotEmpty(storeName, nameof(storeName));
        ArgumentNullException.ThrowIfNull(operations);
        if (operations.Count == 0)
        {
            throw new ArgumentException($"{nameof(operations)} does not contain any elements");
        }

        ThrowIfDisposed();
        foreach (var op in operations.Where(o => o.OperationType == StateOperationType.Upsert))
        {
            RunRival(storeName, op.Key);
        }

        lock (_stateGate)
        {
            // TTL comes from each operation's metadata only; the request's metadata is not passed to parseTTL.
            var parsed = new List<(long Version, long? Ttl)>(operations.Count);
            foreach (var op in operations)
            {
                if (op.OperationType != StateOperationType.Upsert)
                {
                    parsed.Add((0, null));
                    continue;
                }

                if (ParseETag(op.ETag, op.Options, out var version) is { } badETag)
                {
                    throw TransactionFailure(storeName, op.Key, badETag.Message);
                }

                if (ParseTtl(op.Metadata, out var ttl) is { } badTtl)
                {
                    throw TransactionFailure(storeName, op.Key, badTtl.Message);
                }

                parsed.Add((version, ttl));
            }

            var now = _time.GetUtcNow();
            (string Key, string Message)? first = null;
            for (var i = 0; i < operations.Count; i++)
            {
                var op = operations[i];
                if (op.OperationType == StateOperationType.Delete)
                {
                    if (!RunDeleteScript(storeName, op.Key, string.IsNullOrEmpty(op.ETag) ? "0" : op.ETag))
                    {
                        first ??= (op.Key, DeleteScriptError(op.Key));
                    }

                    continue;
                }

                if (!RunSetScript(storeName, op.Key, op.Value ?? [], parsed[i].Version, markFirstWrite: false))
                {
                    first ??= (op.Key, SetScriptError(op.Key));
                }

                ApplyTtl(storeName, op.Key, parsed[i].Ttl, now);
            }

            if (first is { } failed)
            {
                throw TransactionFailure(storeName, failed.Key, failed.Message);
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

    /// <summary>
    /// A SaveState call with one item, answered as the client sees it: true when saved; false only for an ETag
    /// mismatch of a call that carried an ETag (dotnet-sdk DaprClientGrpc.cs MakeSaveStateCallAsync: RpcException
    /// Aborted with an etag → false); every other failure a DaprException.
    /// </summary>
    private bool SaveOne(string storeName, string key, byte[] value, string? etag, StateOptions? options,
        IReadOnlyDictionary<string, string>? metadata)
    {
        if (Set(storeName, key, value, etag, options, metadata) is not { } error)
        {
            return true;
        }

        var code = CodeOf(error.Kind);
        if (code == StatusCode.Aborted && etag is not null)
        {
            Record("save", storeName, key, code, error.Message);
            return false;
        }

        throw Failure("save", storeName, key, code, $"failed saving state in state store {storeName}: {error.Message}");
    }

    private bool DeleteOne(string storeName, string key, string? etag)
    {
        if (Delete(storeName, key, etag) is not { } error)
        {
            return true;
        }

        if (etag is not null)
        {
            Record("delete", storeName, key, StatusCode.Aborted, error.Message);
            return false;
        }

        throw Failure("delete", storeName, key, StatusCode.Aborted, $"failed deleting state with key {key}: {error.Message}");
    }

    /// <summary>
    /// contrib's Redis Set (state/redis/redis.go): parseETag, parseTTL, the setDefaultQuery script, then EXPIRE (TTL
    /// above 0) or PERSIST (0 or below); with no ttlInSeconds the key keeps the TTL it had, as HSET does. A refusal by
    /// the script is an ETag mismatch only when the request carried an ETag; without one it is a plain error.
    /// </summary>
    private StoreError? Set(string storeName, string key, byte[] value, string? etag, StateOptions? options,
        IReadOnlyDictionary<string, string>? metadata)
    {
        ThrowIfDisposed();
        RunRival(storeName, key);
        if (ParseETag(etag, options, out var version) is { } badETag)
        {
            return badETag;
        }

        if (ParseTtl(metadata, out var ttl) is { } badTtl)
        {
            return badTtl;
        }

        lock (_stateGate)
        {
            if (!RunSetScript(storeName, key, value, version, markFirstWrite: options?.Concurrency == ConcurrencyMode.FirstWrite))
            {
                return string.IsNullOrEmpty(etag)
                    ? new StoreError(StoreErrorKind.Other, $"failed to set key {key}: {SetScriptError(key)}")
                    : new StoreError(StoreErrorKind.ETagMismatch, $"{MismatchPrefix}: {SetScriptError(key)}");
            }

            ApplyTtl(storeName, key, ttl, _time.GetUtcNow());
            return null;
        }
    }

    /// <summary>contrib's Redis Delete: no ETag is sent as "0"; any refusal of delDefaultQuery is an ETag mismatch.</summary>
    private StoreError? Delete(string storeName, string key, string? etag)
    {
        ThrowIfDisposed();
        lock (_stateGate)
        {
            return RunDeleteScript(storeName, key, string.IsNullOrEmpty(etag) ? "0" : etag)
                ? null
                : new StoreError(StoreErrorKind.ETagMismatch, $"{MismatchPrefix}: {DeleteScriptError(key)}");
        }
    }

    /// <summary>
    /// setDefaultQuery: writes when the key is absent, its version equals ARGV[1], or it has no "first-write" field and
    /// ARGV[1] is "0"; the version then goes up by one (HINCRBY, so a new key starts at 1). A first-write save adds the
    /// field, which stays until the key is deleted or expires. Caller holds <see cref="_stateGate"/>.
    /// </summary>
    private bool RunSetScript(string storeName, string key, byte[] value, long version, bool markFirstWrite)
    {
        var existing = Find(storeName, key);
        if (existing is not null && existing.Version != version && (existing.FirstWrite || version != 0))
        {
            return false;
        }

        _state[(storeName, key)] = new StoredState(
            value, (existing?.Version ?? 0) + 1, (existing?.FirstWrite ?? false) || markFirstWrite, existing?.ExpiresAt);
        return true;
    }

    /// <summary>delDefaultQuery: deletes when the key is absent, its version equals ARGV[1] (as text) or ARGV[1] is "0".</summary>
    private bool RunDeleteScript(string storeName, string key, string etag)
    {
        var existing = Find(storeName, key);
        if (existing is not null && existing.ETag != etag && etag != "0")
        {
            return false;
        }

        _state.Remove((storeName, key));
        return true;
    }

    // Caller holds _stateGate. EXPIRE on a missing key does nothing.
    private void ApplyTtl(string storeName, string key, long? ttl, DateTimeOffset now)
    {
        if (ttl is { } seconds && Find(storeName, key) is { } item)
        {
            _state[(storeName, key)] = item with { ExpiresAt = seconds > 0 ? now.AddSeconds(seconds) : null };
        }
    }

    /// <summary>
    /// contrib's Redis parseETag: last-write or no ETag sends version 0 (the ETag is then not compared at all);
    /// otherwise the ETag must be an integer (strconv.Atoi), else ETagInvalid.
    /// </summary>
    private static StoreError? ParseETag(string? etag, StateOptions? options, out long version)
    {
        version = 0;
        if (options?.Concurrency == ConcurrencyMode.LastWrite || string.IsNullOrEmpty(etag))
        {
            return null;
        }

        if (long.TryParse(etag, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out version))
        {
            return null;
        }

        return new StoreError(StoreErrorKind.ETagInvalid, $"{InvalidPrefix}: {GoParseError("strconv.Atoi", etag)}");
    }

    /// <summary>contrib's Redis parseTTL: an empty value is no TTL; anything strconv.ParseInt refuses is a plain error.</summary>
    private static StoreError? ParseTtl(IReadOnlyDictionary<string, string>? metadata, out long? ttl)
    {
        ttl = null;
        if (metadata is null || !metadata.TryGetValue("ttlInSeconds", out var raw) || raw.Length == 0)
        {
            return null;
        }

        if (long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
        {
            ttl = seconds;
            return null;
        }

        return new StoreError(StoreErrorKind.Other, $"failed to parse ttl from metadata: {GoParseError("strconv.ParseInt", raw)}");
    }

    // Go's strconv error text: a number too large for int64 is out of range, anything else bad syntax.
    private static string GoParseError(string function, string raw)
    {
        var digits = raw.Length > 1 && raw[0] is '+' or '-' ? raw[1..] : raw;
        var reason = digits.Length > 0 && digits.All(char.IsAsciiDigit) ? "value out of range" : "invalid syntax";
        return $"{function}: parsing \"{raw}\": {reason}";
    }

    /// <summary>dapr pkg/api/grpc/grpc.go getStateErrorCode.</summary>
    private static StatusCode CodeOf(StoreErrorKind kind) => kind switch
    {
        StoreErrorKind.ETagMismatch => StatusCode.Aborted,
        StoreErrorKind.ETagInvalid => StatusCode.InvalidArgument,
        _ => StatusCode.Internal,
    };

    /// <summary>
    /// dapr pkg/components/state/bulk.go: when every failed item failed for its ETag the call fails with one ETag error
    /// (invalid if any was invalid); otherwise resiliency retries the other failures and the call ends Internal.
    /// </summary>
    private void ThrowIfBulkFailed(string storeName, string operation, List<(string Key, StoreError Error)> failures, bool single,
        Func<string, string> message)
    {
        if (failures.Count == 0)
        {
            return;
        }

        if (failures.Count == 1 && single)
        {
            // One item is performed alone, its error as the store gave it.
            throw Failure(operation, storeName, failures[0].Key, CodeOf(failures[0].Error.Kind), message(failures[0].Error.Message));
        }

        var retried = failures.Where(f => f.Error.Kind == StoreErrorKind.Other).ToList();
        if (retried.Count > 0)
        {
            throw Failure(operation, storeName, retried[0].Key, StatusCode.Internal,
                message(string.Join("\n", retried.Select(f => f.Error.Message))));
        }

        var kind = failures.Any(f => f.Error.Kind == StoreErrorKind.ETagInvalid) ? StoreErrorKind.ETagInvalid : StoreErrorKind.ETagMismatch;
        var prefix = kind == StoreErrorKind.ETagInvalid ? InvalidPrefix : MismatchPrefix;
        throw Failure(operation, storeName, failures[0].Key, CodeOf(kind),
            message($"{prefix}: {string.Join("\n", failures.Select(f => f.Error.Message))}"));
    }

    private global::Dapr.DaprException TransactionFailure(string storeName, string key, string storeMessage) =>
        Failure("transaction", storeName, key, StatusCode.Internal, $"error while executing state transaction: {storeMessage}");

    private global::Dapr.DaprException Failure(string operation, string storeName, string key, StatusCode code, string message)
    {
        Record(operation, storeName, key, code, message);
        return DaprErrors.State(code, message);
    }

    private void Record(string operation, string storeName, string key, StatusCode code, string message)
    {
        lock (_failures)
        {
            _failures.Add(new StateFailure(operation, storeName, key, code, message));
        }
    }

    private void RunRival(string storeName, string key)
    {
        Action<string>? rival = null;
        lock (_rivals)
        {
            var index = _rivals.FindIndex(r => r.Store == storeName && r.Matches(key));
            if (index >= 0)
            {
                rival = _rivals[index].Run;
                _rivals.RemoveAt(index);
            }
        }

        rival?.Invoke(key);
    }

    // Caller holds _stateGate. Expired items are dropped on sight, as Redis does: a key written again starts at version 1.
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

    // The text Redis answers when a script calls error(): Redis 7 also appends the script's sha, left out here.
    private static string SetScriptError(string key) => $"ERR user_script:14: failed to set key {key}";

    private static string DeleteScriptError(string key) => $"ERR user_script:6: failed to delete {key}";

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

    // contrib state/errors.go ETagError prefixes.
    private const string MismatchPrefix = "possible etag mismatch. error from state store";
    private const string InvalidPrefix = "invalid etag value";

    private enum StoreErrorKind
    {
        ETagMismatch,
        ETagInvalid,
        Other,
    }

    /// <summary>An error as the store returns it to the sidecar, before the sidecar wraps it.</summary>
    private readonly record struct StoreError(StoreErrorKind Kind, string Message);
}
