using System.Text.Json;

namespace Growbin.TestSupport.Actors;

/// <summary>
/// The persisted side of one actor's state, shared by every view (activation) of that actor: what a crash keeps.
/// Values are held as JSON, as the actor state store holds them.
/// </summary>
internal sealed class ActorStateStore(TimeProvider time, JsonSerializerOptions json)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (string Json, DateTimeOffset? ExpiresAt)> _values = new(StringComparer.Ordinal);

    public TimeProvider Time { get; } = time;

    public JsonSerializerOptions Json { get; } = json;

    public int SaveCount { get; private set; }

    public IReadOnlyList<string> Names
    {
        get
        {
            lock (_gate)
            {
                var now = Time.GetUtcNow();
                return _values.Where(v => !Expired(v.Value.ExpiresAt, now)).Select(v => v.Key).Order(StringComparer.Ordinal).ToList();
            }
        }
    }

    public bool TryGet(string name, out string json, out DateTimeOffset? expiresAt)
    {
        lock (_gate)
        {
            if (_values.TryGetValue(name, out var stored) && !Expired(stored.ExpiresAt, Time.GetUtcNow()))
            {
                (json, expiresAt) = stored;
                return true;
            }

            // Expired values vanish, as with a store that honours ttlInSeconds.
            _values.Remove(name);
            json = string.Empty;
            expiresAt = null;
            return false;
        }
    }

    public bool Contains(string name) => TryGet(name, out _, out _);

    /// <summary>One SaveStateAsync call: upserts (value JSON present) and removals (null) land together.</summary>
    public void Commit(IReadOnlyDictionary<string, (string? Json, DateTimeOffset? ExpiresAt)> changes)
    {
        lock (_gate)
        {
            SaveCount++;
            foreach (var (name, change) in changes)
            {
                if (change.Json is null)
                {
                    _values.Remove(name);
                }
                else
                {
                    _values[name] = (change.Json, change.ExpiresAt);
                }
            }
        }
    }

    public void Seed(string name, string json, DateTimeOffset? expiresAt)
    {
        lock (_gate)
        {
            _values[name] = (json, expiresAt);
        }
    }

    private static bool Expired(DateTimeOffset? expiresAt, DateTimeOffset now) => expiresAt is { } at && at <= now;
}
