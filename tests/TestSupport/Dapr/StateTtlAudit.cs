using System.Text;
using System.Text.RegularExpressions;
using Growbin.Contracts;
using Growbin.TestSupport.Ai;
using Xunit.Sdk;

namespace Growbin.TestSupport.Dapr;

/// <summary>One key a test left in a store, and how long it has left to live (null: it never expires).</summary>
public sealed record StateKeyTtl(string Store, string Key, TimeSpan? Ttl)
{
    /// <summary>The key with its ids replaced by <c>{id}</c>: what kind of record it is, for a report.</summary>
    public string Kind => StateTtlAudit.KindOf(Key);
}

/// <summary>
/// Every state key a whole-system test left behind, with its TTL. Redis runs with <c>noeviction</c>, so a key that
/// never expires and whose count is not bounded fills it until every write fails: a suite ends with
/// <see cref="ThrowIfAnyWithoutTtl"/> (or asserts <see cref="WithoutTtl"/> is empty). Covers the Redis-backed state
/// stores of the Dapr double and, when given, the AI budget actor's state. Workflow state and reminders are Dapr's
/// (the workflow retention policy purges finished instances) and are not in the double's state stores.
/// </summary>
public sealed partial class StateTtlAudit
{
    /// <summary>The Redis-backed state stores the services write (components/statestore.yaml, token-denylist.yaml).</summary>
    public static readonly IReadOnlyList<string> RedisStores = [DaprComponents.StateStore, DaprComponents.TokenDenylist];

    /// <summary>
    /// Store name under which actor state is listed; its keys read <c>actorType||actorId||state</c>, daprd's actor
    /// state key without the app-id prefix (dapr/dapr pkg/actors/state/state.go).
    /// </summary>
    public const string ActorStateStore = "actor-state";

    private StateTtlAudit(IReadOnlyList<StateKeyTtl> keys) => Keys = keys;

    /// <summary>Every live key, by store then key.</summary>
    public IReadOnlyList<StateKeyTtl> Keys { get; }

    /// <summary>The keys that would stay in Redis for ever.</summary>
    public IReadOnlyList<StateKeyTtl> WithoutTtl => Keys.Where(k => k.Ttl is null).ToList();

    /// <summary>How many keys of each kind (store and key with ids replaced) were left.</summary>
    public IReadOnlyDictionary<string, int> CountByKind =>
        Keys.GroupBy(k => $"{k.Store}: {k.Kind}").OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>The live keys of <paramref name="dapr"/>'s Redis-backed stores (or of <paramref name="stores"/>).</summary>
    public static StateTtlAudit Of(InMemoryDaprClient dapr, params string[] stores) =>
        new([.. (stores.Length > 0 ? stores : RedisStores)
            .SelectMany(store => dapr.StateKeys(store).Select(key => new StateKeyTtl(store, key, dapr.TtlOf(store, key))))]);

    /// <summary>This audit plus the states the AI budget's day actors saved (the actor state store is Redis too).</summary>
    public StateTtlAudit And(InProcessAiBudget? budget) =>
        budget is null
            ? this
            : new([.. Keys, .. budget.SavedStates().Select(s => new StateKeyTtl(ActorStateStore, $"AiBudgetActor||{s.Day}||{s.State}", s.Ttl))]);

    /// <summary>Fails with the list of keys without a TTL, if there is any.</summary>
    public void ThrowIfAnyWithoutTtl()
    {
        var untimed = WithoutTtl;
        if (untimed.Count > 0)
        {
            throw new XunitException(
                $"{untimed.Count} of {Keys.Count} state keys have no TTL, so Redis (noeviction) would keep them for ever:\n" +
                string.Join('\n', untimed.Select(k => $"  {k.Store}: {k.Key}")));
        }
    }

    /// <summary>One line per kind of key: how many, and the shortest and longest TTL left.</summary>
    public override string ToString()
    {
        var report = new StringBuilder($"{Keys.Count} state keys, {WithoutTtl.Count} without a TTL\n");
        foreach (var kind in Keys.GroupBy(k => $"{k.Store}: {k.Kind}").OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var ttls = kind.Where(k => k.Ttl is not null).Select(k => k.Ttl!.Value).ToList();
            var range = ttls.Count == 0 ? "no TTL" : $"TTL {ttls.Min():g} to {ttls.Max():g}";
            var untimed = kind.Count(k => k.Ttl is null);
            report.AppendLine($"  {kind.Key} × {kind.Count()}: {range}{(untimed > 0 && ttls.Count > 0 ? $", {untimed} without" : string.Empty)}");
        }

        return report.ToString();
    }

    /// <summary>A key with its ids (GUIDs, hashes, long tokens, dates, numbers) replaced by <c>{id}</c>.</summary>
    public static string KindOf(string key) => Id().Replace(key, "{id}");

    [GeneratedRegex(@"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\d{4}-\d{2}-\d{2}(T\d{2}(:\d{2})?)?|(?<![A-Za-z])[A-Za-z0-9_]*\d[A-Za-z0-9_]{7,}|\b\d+\b")]
    private static partial Regex Id();
}
