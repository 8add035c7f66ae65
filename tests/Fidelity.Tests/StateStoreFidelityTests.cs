using System.Text;
using Dapr;
using Dapr.Client;
using Growbin.ServiceDefaults.State;
using Growbin.TestSupport.Dapr;
using Grpc.Core;

namespace Growbin.Fidelity.Tests;

/// <summary>
/// The state API as a sidecar with <c>state.redis</c> answers it, against InMemoryDaprClient. The store's behaviour is
/// components-contrib state/redis/redis.go (Set, Delete, Multi, parseETag, parseTTL and the setDefaultQuery /
/// delDefaultQuery scripts); the sidecar's codes dapr pkg/api/grpc/grpc.go; the client's answers dotnet-sdk
/// src/Dapr.Client/DaprClientGrpc.cs.
/// </summary>
public sealed class StateStoreFidelityTests
{
    private const string Store = "statestore";

    private static readonly StateOptions FirstWrite = new() { Concurrency = ConcurrencyMode.FirstWrite };
    private static readonly StateOptions LastWrite = new() { Concurrency = ConcurrencyMode.LastWrite };

    private readonly ManualTimeProvider _time = new();
    private readonly InMemoryDaprClient _dapr;

    public StateStoreFidelityTests() => _dapr = new InMemoryDaprClient(_time);

    /// <remarks>
    /// Follows dotnet-sdk src/Dapr.Client/DaprClientGrpc.cs SaveStateAsync and GetStateAsync (TypeConverters
    /// ToJsonByteString / FromJsonByteString with the client's options) and DaprClientBuilder.cs (JsonSerializerDefaults.Web:
    /// camelCase names); contrib state/redis/redis.go Set stores those bytes as they are.
    /// </remarks>
    [Fact]
    public async Task Saved_value_is_stored_as_web_json_and_read_back()
    {
        await _dapr.SaveStateAsync(Store, "bin-1", new Bin("bin-1", 40));

        _dapr.GetStoredJson(Store, "bin-1").Should().Be("""{"id":"bin-1","fillPercent":40}""");
        (await _dapr.GetStateAsync<Bin>(Store, "bin-1")).Should().Be(new Bin("bin-1", 40));
    }

    /// <remarks>
    /// Follows contrib state/redis/redis.go getDefault (a key without values is an empty GetResponse) and dotnet-sdk
    /// src/Dapr.Client/DaprClientGrpc.cs GetStateAndETagAsync (TypeConverters.FromJsonByteString: no bytes → default;
    /// the response's Etag, "" when unset).
    /// </remarks>
    [Fact]
    public async Task Missing_key_reads_as_default_with_empty_etag()
    {
        var (value, etag) = await _dapr.GetStateAndETagAsync<Bin>(Store, "nope");

        value.Should().BeNull();
        etag.Should().BeEmpty();
    }

    /// <remarks>
    /// Follows dapr/dapr pkg/api/grpc/grpc.go (each call goes to the store its name picks, GetStateStore) and
    /// pkg/components/state/state_config.go GetModifiedStateKey (keyPrefix; Growbin's two Redis stores use appid and
    /// name, so their keys never meet).
    /// </remarks>
    [Fact]
    public async Task Keys_are_scoped_by_store_name()
    {
        await _dapr.SaveStateAsync("a", "k", 1);
        await _dapr.SaveStateAsync("b", "k", 2);

        (await _dapr.GetStateAsync<int>("a", "k")).Should().Be(1);
        (await _dapr.GetStateAsync<int>("b", "k")).Should().Be(2);
        _dapr.StateKeys("a").Should().Equal("k");
    }

    /// <remarks>Follows contrib state/redis/redis.go setDefaultQuery: the ETag that equals the key's "version" field sets it.</remarks>
    [Fact]
    public async Task Save_with_current_etag_succeeds()
    {
        await _dapr.SaveStateAsync(Store, "k", 1);
        var (_, etag) = await _dapr.GetStateAndETagAsync<int>(Store, "k");

        (await _dapr.TrySaveStateAsync(Store, "k", 2, etag)).Should().BeTrue();
        (await _dapr.GetStateAsync<int>(Store, "k")).Should().Be(2);
    }

    /// <remarks>Follows contrib state/redis/redis.go setDefaultQuery: HINCRBY "version", so 1 on a new key, +1 per write.</remarks>
    [Fact]
    public async Task ETags_are_per_key_versions_that_start_at_1()
    {
        await _dapr.SaveStateAsync(Store, "a", 1);
        await _dapr.SaveStateAsync(Store, "a", 2);
        await _dapr.SaveStateAsync(Store, "b", 1);

        (await _dapr.GetStateAndETagAsync<int>(Store, "a")).etag.Should().Be("2");
        (await _dapr.GetStateAndETagAsync<int>(Store, "b")).etag.Should().Be("1");
    }

    /// <remarks>Follows contrib state/redis/redis.go setDefaultQuery: a key that does not exist is set whatever the ETag.</remarks>
    [Fact]
    public async Task An_etag_on_a_missing_key_is_accepted()
    {
        (await _dapr.TrySaveStateAsync(Store, "k", "v", "7")).Should().BeTrue();

        (await _dapr.GetStateAndETagAsync<string>(Store, "k")).Should().Be(("v", "1"));
    }

    /// <remarks>Follows contrib state/redis/redis.go Set (ETag error when the request has an ETag), dapr grpc.go getStateErrorCode (mismatch → Aborted), dotnet-sdk DaprClientGrpc.cs (Aborted → false).</remarks>
    [Fact]
    public async Task A_stale_etag_is_a_mismatch_that_TrySave_answers_false()
    {
        await _dapr.SaveStateAsync(Store, "k", 1);
        await _dapr.SaveStateAsync(Store, "k", 2);

        (await _dapr.TrySaveStateAsync(Store, "k", 3, "1")).Should().BeFalse();

        (await _dapr.GetStateAsync<int>(Store, "k")).Should().Be(2);
        _dapr.StateFailures.Should().ContainSingle().Which.Code.Should().Be(StatusCode.Aborted);
    }

    /// <remarks>Follows contrib state/redis/redis.go parseETag (strconv.Atoi, else ETagInvalid), dapr grpc.go getStateErrorCode (→ InvalidArgument), dotnet-sdk DaprClientGrpc.cs (only Aborted is false).</remarks>
    [Fact]
    public async Task An_etag_that_is_not_a_number_is_invalid_and_TrySave_throws()
    {
        await _dapr.SaveStateAsync(Store, "k", 1);

        var save = () => _dapr.TrySaveStateAsync(Store, "k", 2, "W/\"abc\"");

        var rpc = await RpcOf(save);
        rpc.StatusCode.Should().Be(StatusCode.InvalidArgument);
        rpc.Status.Detail.Should().StartWith("failed saving state in state store statestore: invalid etag value: strconv.Atoi");
        (await _dapr.GetStateAsync<int>(Store, "k")).Should().Be(1);
    }

    /// <remarks>
    /// Follows contrib state/redis/redis.go setDefaultQuery (a key with the "first-write" field refuses ARGV[1] "0") and
    /// Set (without an ETag the refusal is a plain error), dapr grpc.go getStateErrorCode (→ Internal), dotnet-sdk
    /// DaprClientGrpc.cs (not Aborted → DaprException, also from TrySaveStateAsync with an empty ETag).
    /// </remarks>
    [Fact]
    public async Task A_first_write_without_etag_on_a_first_written_key_is_an_Internal_error_not_false()
    {
        await _dapr.SaveStateAsync(Store, "k", "winner", FirstWrite);

        var trySave = () => _dapr.TrySaveStateAsync(Store, "k", "loser", "", FirstWrite);
        var save = () => _dapr.SaveStateAsync(Store, "k", "loser", FirstWrite);

        foreach (var attempt in new[] { trySave, save })
        {
            var rpc = await RpcOf(attempt);
            rpc.StatusCode.Should().Be(StatusCode.Internal);
            rpc.Status.Detail.Should().StartWith("failed saving state in state store statestore: failed to set key k");
        }

        (await _dapr.GetStateAsync<string>(Store, "k")).Should().Be("winner");
        _dapr.StateFailures.Should().HaveCount(2).And.OnlyContain(f => f.Code == StatusCode.Internal && f.Key == "k" && f.Operation == "save");
    }

    /// <remarks>Follows contrib state/redis/redis.go: parseETag sends "0" for last-write, and the "first-write" field stays on the key for its life.</remarks>
    [Fact]
    public async Task A_last_write_save_on_a_first_written_key_fails_too()
    {
        await _dapr.SaveStateAsync(Store, "k", "first", FirstWrite);
        var (_, etag) = await _dapr.GetStateAndETagAsync<string>(Store, "k");
        (await _dapr.TrySaveStateAsync(Store, "k", "second", etag)).Should().BeTrue("an ETag save is how a first-written key changes");

        var plain = () => _dapr.SaveStateAsync(Store, "k", "third");
        var lastWrite = () => _dapr.SaveStateAsync(Store, "k", "third", LastWrite);

        (await RpcOf(plain)).StatusCode.Should().Be(StatusCode.Internal);
        (await RpcOf(lastWrite)).StatusCode.Should().Be(StatusCode.Internal);
        (await _dapr.GetStateAsync<string>(Store, "k")).Should().Be("second");
    }

    /// <remarks>Follows contrib state/redis/redis.go setDefaultQuery: no "first-write" field and ARGV[1] "0" → set.</remarks>
    [Fact]
    public async Task A_first_write_without_etag_overwrites_a_key_that_was_last_written()
    {
        await _dapr.SaveStateAsync(Store, "k", "plain");

        await _dapr.SaveStateAsync(Store, "k", "first-write", FirstWrite);

        (await _dapr.GetStateAndETagAsync<string>(Store, "k")).Should().Be(("first-write", "2"));
    }

    /// <remarks>
    /// Follows contrib state/redis/redis.go (versions start at 1, so "0" matches no key; with an ETag the refusal is an
    /// ETag mismatch), dapr pkg/components/state/bulk.go (ETag errors are backoff.Permanent: never retried), grpc.go
    /// (→ Aborted), dotnet-sdk DaprClientGrpc.cs (→ false). This is what StateCreate relies on.
    /// </remarks>
    [Fact]
    public async Task A_create_with_etag_0_that_loses_to_another_creator_is_a_clean_false()
    {
        (await _dapr.TryCreateStateAsync(Store, "k", "winner")).Should().BeTrue();

        (await _dapr.TryCreateStateAsync(Store, "k", "loser")).Should().BeFalse();
        (await _dapr.TrySaveStateAsync(Store, "k", "loser", StateCreate.AbsentETag, FirstWrite)).Should().BeFalse();

        (await _dapr.GetStateAndETagAsync<string>(Store, "k")).Should().Be(("winner", "1"));
        _dapr.StateFailures.Should().HaveCount(2).And.OnlyContain(f => f.Code == StatusCode.Aborted);
    }

    /// <remarks>Follows contrib state/redis/redis.go setDefaultQuery: ARGV[1] "0" passes a key without the "first-write" field, ETag or not.</remarks>
    [Fact]
    public async Task A_create_with_etag_0_still_overwrites_a_key_written_without_first_write()
    {
        await _dapr.SaveStateAsync(Store, "k", "plain");

        (await _dapr.TryCreateStateAsync(Store, "k", "created")).Should().BeTrue();

        (await _dapr.GetStateAsync<string>(Store, "k")).Should().Be("created");
    }

    /// <remarks>Follows contrib state/redis/redis.go parseETag: with last-write the ETag is not compared (version 0 is sent).</remarks>
    [Fact]
    public async Task Last_write_ignores_the_etag_on_a_key_written_without_first_write()
    {
        await _dapr.SaveStateAsync(Store, "k", 1);
        await _dapr.SaveStateAsync(Store, "k", 2);

        (await _dapr.TrySaveStateAsync(Store, "k", 3, "1", LastWrite)).Should().BeTrue();

        (await _dapr.GetStateAsync<int>(Store, "k")).Should().Be(3);
    }

    /// <remarks>Follows contrib state/redis/redis.go Delete and delDefaultQuery: no ETag is sent as "0", which always deletes.</remarks>
    [Fact]
    public async Task A_delete_without_etag_always_deletes_even_a_first_written_key()
    {
        await _dapr.SaveStateAsync(Store, "k", "v", FirstWrite);

        await _dapr.DeleteStateAsync(Store, "k");
        (await _dapr.TryDeleteStateAsync(Store, "missing", "")).Should().BeTrue();

        _dapr.StateKeys(Store).Should().BeEmpty();
        _dapr.StateFailures.Should().BeEmpty();
    }

    /// <remarks>Follows contrib state/redis/redis.go Delete (any refusal is ETagMismatch) and delDefaultQuery (the current version deletes; a missing key is deleted whatever the ETag), dotnet-sdk DaprClientGrpc.cs MakeDeleteStateCallAsync.</remarks>
    [Fact]
    public async Task A_delete_with_a_stale_etag_is_false_and_one_with_the_current_etag_or_on_a_missing_key_succeeds()
    {
        await _dapr.SaveStateAsync(Store, "k", 1);
        await _dapr.SaveStateAsync(Store, "k", 2);

        (await _dapr.TryDeleteStateAsync(Store, "k", "1")).Should().BeFalse();
        (await _dapr.TryDeleteStateAsync(Store, "k", "not-a-number")).Should().BeFalse();
        (await _dapr.TryDeleteStateAsync(Store, "missing", "5")).Should().BeTrue();

        (await _dapr.GetStateAsync<int>(Store, "k")).Should().Be(2);
        _dapr.StateFailures.Should().HaveCount(2).And.OnlyContain(f => f.Code == StatusCode.Aborted && f.Operation == "delete");

        (await _dapr.TryDeleteStateAsync(Store, "k", "2")).Should().BeTrue();
        _dapr.GetStoredJson(Store, "k").Should().BeNull();
    }

    /// <remarks>Follows contrib state/redis/redis.go Set: EXPIRE when ttlInSeconds is above 0, PERSIST at 0 or below, nothing without it (HSET keeps the key's TTL).</remarks>
    [Fact]
    public async Task Ttl_is_set_kept_without_metadata_and_removed_by_0_or_minus_1()
    {
        await _dapr.SaveStateAsync(Store, "k", 1, metadata: Ttl("60"));
        _time.Advance(TimeSpan.FromSeconds(10));
        await _dapr.SaveStateAsync(Store, "k", 2);
        _dapr.TtlOf(Store, "k").Should().Be(TimeSpan.FromSeconds(50), "a save without ttlInSeconds keeps the TTL");

        await _dapr.SaveStateAsync(Store, "k", 3, metadata: Ttl("0"));
        _dapr.TtlOf(Store, "k").Should().BeNull();

        await _dapr.SaveStateAsync(Store, "k", 4, metadata: Ttl("30"));
        await _dapr.SaveStateAsync(Store, "k", 5, metadata: Ttl("-1"));
        _time.Advance(TimeSpan.FromDays(1));
        (await _dapr.GetStateAsync<int>(Store, "k")).Should().Be(5);
    }

    /// <remarks>Follows contrib state/redis/redis.go Set: <c>EXPIRE key ttlInSeconds</c>, so the key is gone once the seconds have passed, not before.</remarks>
    [Fact]
    public async Task Ttl_expires_state()
    {
        await _dapr.SaveStateAsync(Store, "k", "v", metadata: Ttl("60"));

        _time.Advance(TimeSpan.FromSeconds(59));
        (await _dapr.GetStateAsync<string>(Store, "k")).Should().Be("v");

        _time.Advance(TimeSpan.FromSeconds(1));
        (await _dapr.GetStateAsync<string>(Store, "k")).Should().BeNull();
        _dapr.StateKeys(Store).Should().BeEmpty();
    }

    /// <remarks>Follows contrib state/redis/redis.go parseTTL (strconv.ParseInt) and Set ("failed to parse ttl from metadata", a plain error → Internal in grpc.go).</remarks>
    [Fact]
    public async Task A_ttl_that_is_not_an_integer_is_an_Internal_error_and_writes_nothing()
    {
        var save = () => _dapr.SaveStateAsync(Store, "k", 1, metadata: Ttl("1.5"));

        var rpc = await RpcOf(save);
        rpc.StatusCode.Should().Be(StatusCode.Internal);
        rpc.Status.Detail.Should().Be(
            "failed saving state in state store statestore: failed to parse ttl from metadata: strconv.ParseInt: parsing \"1.5\": invalid syntax");
        _dapr.StateKeys(Store).Should().BeEmpty();
    }

    /// <remarks>Follows contrib state/redis/redis.go: an expired key is gone, so the next write starts a new hash (version 1, no "first-write" field).</remarks>
    [Fact]
    public async Task A_key_written_again_after_it_expired_starts_at_version_1_unmarked()
    {
        await _dapr.SaveStateAsync(Store, "k", 1, FirstWrite, Ttl("60"));
        await _dapr.TrySaveStateAsync(Store, "k", 2, "1", metadata: Ttl("60"));
        _time.Advance(TimeSpan.FromSeconds(60));

        await _dapr.SaveStateAsync(Store, "k", 3);
        await _dapr.SaveStateAsync(Store, "k", 4);

        (await _dapr.GetStateAndETagAsync<int>(Store, "k")).Should().Be((4, "2"));
    }

    /// <remarks>Follows contrib state/redis/redis.go Multi: each upsert is the set script, each delete the delete script (ETag "0"), in one MULTI/EXEC.</remarks>
    [Fact]
    public async Task Transaction_applies_all_operations()
    {
        await _dapr.SaveStateAsync(Store, "old", 1);

        await _dapr.ExecuteStateTransactionAsync(Store,
        [
            new StateTransactionRequest("new", Json("2"), StateOperationType.Upsert),
            new StateTransactionRequest("old", null, StateOperationType.Delete),
        ]);

        _dapr.StateKeys(Store).Should().Equal("new");
        (await _dapr.GetStateAsync<int>(Store, "new")).Should().Be(2);
    }

    /// <remarks>
    /// Follows contrib state/redis/redis.go Multi: the operations go in one MULTI/EXEC with no rollback, so a refused
    /// set fails alone and the call returns the first error; dapr grpc.go ExecuteStateTransaction answers Internal.
    /// </remarks>
    [Fact]
    public async Task A_transaction_with_a_refused_upsert_fails_Internal_while_its_other_operations_apply()
    {
        await _dapr.SaveStateAsync(Store, "guarded", "v1");
        await _dapr.SaveStateAsync(Store, "guarded", "v2");
        await _dapr.SaveStateAsync(Store, "doomed", "x");

        var transaction = () => _dapr.ExecuteStateTransactionAsync(Store,
        [
            new StateTransactionRequest("new", Json("\"n\""), StateOperationType.Upsert),
            new StateTransactionRequest("guarded", Json("\"stale\""), StateOperationType.Upsert, etag: "1", metadata: Ttl("60")),
            new StateTransactionRequest("doomed", null, StateOperationType.Delete),
        ]);

        var rpc = await RpcOf(transaction);
        rpc.StatusCode.Should().Be(StatusCode.Internal);
        rpc.Status.Detail.Should().StartWith("error while executing state transaction: ").And.Contain("failed to set key guarded");
        _dapr.GetStoredJson(Store, "new").Should().Be("\"n\"");
        _dapr.GetStoredJson(Store, "guarded").Should().Be("\"v2\"");
        _dapr.TtlOf(Store, "guarded").Should().Be(TimeSpan.FromSeconds(60), "the EXPIRE queued after the refused set still runs");
        _dapr.GetStoredJson(Store, "doomed").Should().BeNull();
    }

    /// <remarks>Follows contrib state/redis/redis.go Multi: parseETag and parseTTL run for every operation before anything is sent.</remarks>
    [Fact]
    public async Task A_transaction_with_an_etag_that_is_not_a_number_writes_nothing()
    {
        await _dapr.SaveStateAsync(Store, "a", 1);

        var transaction = () => _dapr.ExecuteStateTransactionAsync(Store,
        [
            new StateTransactionRequest("b", Json("2"), StateOperationType.Upsert),
            new StateTransactionRequest("a", Json("3"), StateOperationType.Upsert, etag: "stale"),
        ]);

        var rpc = await RpcOf(transaction);
        rpc.StatusCode.Should().Be(StatusCode.Internal);
        rpc.Status.Detail.Should().StartWith("error while executing state transaction: invalid etag value");
        _dapr.StateKeys(Store).Should().Equal("a");
        (await _dapr.GetStateAsync<int>(Store, "a")).Should().Be(1);
    }

    /// <remarks>Follows contrib state/redis/redis.go Multi: the set script gets no first-write argument, but the "first-write" check still runs.</remarks>
    [Fact]
    public async Task A_transactional_first_write_does_not_mark_the_key_but_a_marked_key_refuses_an_upsert_without_etag()
    {
        await _dapr.ExecuteStateTransactionAsync(Store,
            [new StateTransactionRequest("tx", Json("1"), StateOperationType.Upsert, options: FirstWrite)]);
        await _dapr.SaveStateAsync(Store, "tx", 2);
        await _dapr.SaveStateAsync(Store, "marked", 1, FirstWrite);

        var upsert = () => _dapr.ExecuteStateTransactionAsync(Store,
            [new StateTransactionRequest("marked", Json("2"), StateOperationType.Upsert)]);

        (await RpcOf(upsert)).StatusCode.Should().Be(StatusCode.Internal);
        (await _dapr.GetStateAsync<int>(Store, "tx")).Should().Be(2);
        (await _dapr.GetStateAsync<int>(Store, "marked")).Should().Be(1);
    }

    /// <remarks>
    /// Follows contrib state/bulk.go DoBulkSetDelete (each item on its own) and dapr pkg/components/state/bulk.go
    /// PerformBulkStoreOperation (all-ETag failures become one permanent ETag error → Aborted; any other failure is
    /// retried and the call ends Internal).
    /// </remarks>
    [Fact]
    public async Task A_bulk_save_writes_each_item_alone_and_is_Aborted_only_when_every_failure_is_an_etag_mismatch()
    {
        await _dapr.SaveStateAsync(Store, "stale", 1);
        await _dapr.SaveStateAsync(Store, "stale", 2);
        await _dapr.SaveStateAsync(Store, "marked", 1, FirstWrite);

        var etagOnly = () => _dapr.SaveBulkStateAsync(Store,
            [new SaveStateItem<int>("fresh", 1, ""), new SaveStateItem<int>("stale", 3, "1")]);
        var plainToo = () => _dapr.SaveBulkStateAsync(Store,
            [new SaveStateItem<int>("stale", 3, "1"), new SaveStateItem<int>("marked", 2, "")]);

        (await RpcOf(etagOnly)).StatusCode.Should().Be(StatusCode.Aborted);
        (await RpcOf(plainToo)).StatusCode.Should().Be(StatusCode.Internal);
        (await _dapr.GetStateAsync<int>(Store, "fresh")).Should().Be(1, "the item that could be written was");
        (await _dapr.GetStateAsync<int>(Store, "stale")).Should().Be(2);
        (await _dapr.GetStateAsync<int>(Store, "marked")).Should().Be(1);
    }

    /// <remarks>
    /// Follows contrib state/bulk.go DoBulkGet (state.redis has no BulkGet of its own: one result per key asked, at its
    /// index, empty for a missing key), dapr/dapr pkg/api/grpc/grpc.go GetBulkState (Etag "" when unset) and dotnet-sdk
    /// src/Dapr.Client/DaprClientGrpc.cs GetBulkStateAsync&lt;TValue&gt; (empty data → default).
    /// </remarks>
    [Fact]
    public async Task Bulk_get_returns_every_key_with_empty_entries_for_missing_ones()
    {
        await _dapr.SaveStateAsync(Store, "a", new Bin("a", 1));

        var items = await _dapr.GetBulkStateAsync<Bin>(Store, ["a", "missing"], parallelism: null);

        items.Select(i => i.Key).Should().Equal("a", "missing");
        items[0].Value.Should().Be(new Bin("a", 1));
        items[1].Value.Should().BeNull();
        items[1].ETag.Should().BeEmpty();
    }

    private sealed record Bin(string Id, int FillPercent);

    private static Dictionary<string, string> Ttl(string seconds) => new() { ["ttlInSeconds"] = seconds };

    private static byte[] Json(string json) => Encoding.UTF8.GetBytes(json);

    private static async Task<RpcException> RpcOf(Func<Task> call) =>
        (await call.Should().ThrowAsync<DaprException>()).WithInnerException<RpcException>().Which;
}
