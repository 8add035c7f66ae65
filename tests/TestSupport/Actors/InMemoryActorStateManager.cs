using System.Text.Json;
using Dapr.Actors.Runtime;

namespace Growbin.TestSupport.Actors;

/// <summary>
/// IActorStateManager with the real manager's caching: changes stay pending until SaveStateAsync (which the
/// runtime calls after every actor method, timer and reminder callback), ClearCacheAsync drops them, and
/// <see cref="SimulateReactivation"/> gives a new activation that sees only what was saved, as after a crash.
/// TTLs are measured on the injected clock.
/// </summary>
public sealed class InMemoryActorStateManager : IActorStateManager
{
    private readonly ActorStateStore _store;
    private readonly Dictionary<string, TrackedActorState> _tracker = new(StringComparer.Ordinal);

    public InMemoryActorStateManager(TimeProvider? time = null, JsonSerializerOptions? json = null)
        : this(new ActorStateStore(time ?? TimeProvider.System, json ?? new JsonSerializerOptions(JsonSerializerDefaults.Web)))
    {
    }

    private InMemoryActorStateManager(ActorStateStore store)
    {
        _store = store;
    }

    /// <summary>SaveStateAsync calls so far, by any activation of this actor.</summary>
    public int SaveCount => _store.SaveCount;

    /// <summary>Names of the saved (persisted, unexpired) states.</summary>
    public IReadOnlyList<string> SavedStateNames => _store.Names;

    /// <summary>True while this activation holds changes that SaveStateAsync has not persisted.</summary>
    public bool HasUnsavedChanges => _tracker.Values.Any(t => t.Kind != StateChangeKind.None);

    /// <summary>The persisted JSON of a state, or null.</summary>
    public string? GetSavedJson(string stateName) => _store.TryGet(stateName, out var json, out _) ? json : null;

    /// <summary>How long a persisted state has left to live; null when it has no TTL or nothing is saved under the name.</summary>
    public TimeSpan? SavedTtlOf(string stateName) =>
        _store.TryGet(stateName, out _, out var expiresAt) && expiresAt is { } at ? at - _store.Time.GetUtcNow() : null;

    /// <summary>A persisted state, deserialized; KeyNotFoundException when nothing was saved under the name.</summary>
    public T GetSavedState<T>(string stateName) =>
        _store.TryGet(stateName, out var json, out _)
            ? JsonSerializer.Deserialize<T>(json, _store.Json)!
            : throw new KeyNotFoundException($"No saved actor state named '{stateName}'.");

    /// <summary>Arranges persisted state, as if an earlier activation had saved it.</summary>
    public void SeedSavedState<T>(string stateName, T value, TimeSpan? ttl = null) =>
        _store.Seed(stateName, JsonSerializer.Serialize(value, _store.Json), ttl is { } t ? _store.Time.GetUtcNow() + t : null);

    /// <summary>A new activation of the same actor: empty cache, the saved state only.</summary>
    public InMemoryActorStateManager SimulateReactivation() => new(_store);

    public Task AddStateAsync<T>(string stateName, T value, CancellationToken cancellationToken = default) =>
        AddStateCore(stateName, value, ttl: null);

    public Task AddStateAsync<T>(string stateName, T value, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        AddStateCore(stateName, value, ttl);

    public Task<bool> TryAddStateAsync<T>(string stateName, T value, CancellationToken cancellationToken = default) =>
        Task.FromResult(TryAdd(stateName, value, ttl: null));

    public Task<bool> TryAddStateAsync<T>(string stateName, T value, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        Task.FromResult(TryAdd(stateName, value, ttl));

    public async Task<T> GetStateAsync<T>(string stateName, CancellationToken cancellationToken = default)
    {
        var result = await TryGetStateAsync<T>(stateName, cancellationToken);
        return result.HasValue
            ? result.Value
            : throw new KeyNotFoundException($"Actor State with name {stateName} was not found.");
    }

    public Task<ConditionalValue<T>> TryGetStateAsync<T>(string stateName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        var found = TryGet<T>(stateName, out var value);
        return Task.FromResult(new ConditionalValue<T>(found, value));
    }

    public Task SetStateAsync<T>(string stateName, T value, CancellationToken cancellationToken = default)
    {
        Set(stateName, value, ttl: null);
        return Task.CompletedTask;
    }

    public Task SetStateAsync<T>(string stateName, T value, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        Set(stateName, value, ttl);
        return Task.CompletedTask;
    }

    public async Task RemoveStateAsync(string stateName, CancellationToken cancellationToken = default)
    {
        if (!await TryRemoveStateAsync(stateName, cancellationToken))
        {
            throw new KeyNotFoundException($"Actor State with name {stateName} was not found.");
        }
    }

    public Task<bool> TryRemoveStateAsync(string stateName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        if (_tracker.TryGetValue(stateName, out var tracked))
        {
            if (tracked.IsGone(Now))
            {
                return Task.FromResult(false);
            }

            if (tracked.Kind == StateChangeKind.Add)
            {
                _tracker.Remove(stateName); // never saved: forgetting it is enough
            }
            else
            {
                tracked.Kind = StateChangeKind.Remove;
            }

            return Task.FromResult(true);
        }

        if (_store.Contains(stateName))
        {
            _tracker[stateName] = new TrackedActorState(null, typeof(object), StateChangeKind.Remove, null);
            return Task.FromResult(true);
        }

        return Task.FromResult(false);
    }

    public Task<bool> ContainsStateAsync(string stateName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        var contains = _tracker.TryGetValue(stateName, out var tracked) ? !tracked.IsGone(Now) : _store.Contains(stateName);
        return Task.FromResult(contains);
    }

    public Task<T> GetOrAddStateAsync<T>(string stateName, T value, CancellationToken cancellationToken = default) =>
        Task.FromResult(GetOrAdd(stateName, value, ttl: null));

    public Task<T> GetOrAddStateAsync<T>(string stateName, T value, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        Task.FromResult(GetOrAdd(stateName, value, ttl));

    public Task<T> AddOrUpdateStateAsync<T>(string stateName, T addValue, Func<string, T, T> updateValueFactory,
        CancellationToken cancellationToken = default) =>
        Task.FromResult(AddOrUpdate(stateName, addValue, updateValueFactory, ttl: null));

    public Task<T> AddOrUpdateStateAsync<T>(string stateName, T addValue, Func<string, T, T> updateValueFactory, TimeSpan ttl,
        CancellationToken cancellationToken = default) =>
        Task.FromResult(AddOrUpdate(stateName, addValue, updateValueFactory, ttl));

    public Task ClearCacheAsync(CancellationToken cancellationToken = default)
    {
        _tracker.Clear();
        return Task.CompletedTask;
    }

    public Task SaveStateAsync(CancellationToken cancellationToken = default)
    {
        var changes = new Dictionary<string, (string? Json, DateTimeOffset? ExpiresAt)>(StringComparer.Ordinal);
        foreach (var (name, tracked) in _tracker)
        {
            if (tracked.Kind == StateChangeKind.None)
            {
                continue;
            }

            changes[name] = tracked.Kind == StateChangeKind.Remove
                ? (null, null)
                : (JsonSerializer.Serialize(tracked.Value, tracked.Type, _store.Json), tracked.ExpiresAt);
        }

        // Serialization happened above, so a value that cannot be stored fails the save and leaves changes pending.
        _store.Commit(changes);
        foreach (var name in changes.Keys)
        {
            if (_tracker[name].Kind == StateChangeKind.Remove)
            {
                _tracker.Remove(name);
            }
            else
            {
                _tracker[name].Kind = StateChangeKind.None;
            }
        }

        return Task.CompletedTask;
    }

    public Task UnloadStateAsync(string stateName, UnloadStateOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        if (_tracker.TryGetValue(stateName, out var tracked) && tracked.Kind != StateChangeKind.None &&
            options?.AllowUnloadingWhenStateModified != true)
        {
            throw new InvalidOperationException(
                $"Actor state '{stateName}' has unsaved changes; save them or set AllowUnloadingWhenStateModified.");
        }

        _tracker.Remove(stateName);
        return Task.CompletedTask;
    }

    private DateTimeOffset Now => _store.Time.GetUtcNow();

    private DateTimeOffset? ExpiryFor(TimeSpan? ttl) => ttl is { } t ? Now + t : null;

    private Task AddStateCore<T>(string stateName, T value, TimeSpan? ttl) =>
        TryAdd(stateName, value, ttl)
            ? Task.CompletedTask
            : throw new InvalidOperationException($"An actor state with name {stateName} already exists.");

    private bool TryAdd<T>(string stateName, T value, TimeSpan? ttl)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        if (_tracker.TryGetValue(stateName, out var tracked))
        {
            if (!tracked.IsGone(Now))
            {
                return false;
            }

            _tracker[stateName] = new TrackedActorState(value, typeof(T), StateChangeKind.Update, ExpiryFor(ttl));
            return true;
        }

        if (_store.Contains(stateName))
        {
            return false;
        }

        _tracker[stateName] = new TrackedActorState(value, typeof(T), StateChangeKind.Add, ExpiryFor(ttl));
        return true;
    }

    private bool TryGet<T>(string stateName, out T value)
    {
        if (_tracker.TryGetValue(stateName, out var tracked))
        {
            if (tracked.IsGone(Now))
            {
                value = default!;
                return false;
            }

            value = (T)tracked.Value!;
            return true;
        }

        if (_store.TryGet(stateName, out var json, out var expiresAt))
        {
            value = JsonSerializer.Deserialize<T>(json, _store.Json)!;
            _tracker[stateName] = new TrackedActorState(value, typeof(T), StateChangeKind.None, expiresAt);
            return true;
        }

        value = default!;
        return false;
    }

    private void Set<T>(string stateName, T value, TimeSpan? ttl)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        if (_tracker.TryGetValue(stateName, out var tracked))
        {
            tracked.Value = value;
            tracked.Type = typeof(T);
            tracked.ExpiresAt = ExpiryFor(ttl); // setting without a TTL clears an earlier one, as in the real manager
            if (tracked.Kind is StateChangeKind.None or StateChangeKind.Remove)
            {
                tracked.Kind = StateChangeKind.Update;
            }

            return;
        }

        var kind = _store.Contains(stateName) ? StateChangeKind.Update : StateChangeKind.Add;
        _tracker[stateName] = new TrackedActorState(value, typeof(T), kind, ExpiryFor(ttl));
    }

    private T GetOrAdd<T>(string stateName, T value, TimeSpan? ttl)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        if (TryGet<T>(stateName, out var existing))
        {
            return existing;
        }

        var kind = _tracker.ContainsKey(stateName) || _store.Contains(stateName) ? StateChangeKind.Update : StateChangeKind.Add;
        _tracker[stateName] = new TrackedActorState(value, typeof(T), kind, ExpiryFor(ttl));
        return value;
    }

    private T AddOrUpdate<T>(string stateName, T addValue, Func<string, T, T> updateValueFactory, TimeSpan? ttl)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(updateValueFactory);
        if (TryGet<T>(stateName, out var existing))
        {
            var updated = updateValueFactory(stateName, existing);
            Set(stateName, updated, ttl);
            return updated;
        }

        Set(stateName, addValue, ttl);
        return addValue;
    }
}
