using System.Text;
using Dapr.Client;
using Growbin.TestSupport.Dapr;
using Grpc.Core;

namespace Growbin.TestSupport.Tests.Dapr;

public sealed class StateTests
{
    private const string Store = "statestore";
    private readonly ManualTimeProvider _time = new();
    private readonly InMemoryDaprClient _dapr;

    public StateTests()
    {
        _dapr = new InMemoryDaprClient(_time);
    }

    private sealed record Bin(string Id, int FillPercent);

    [Fact]
    public async Task Saved_value_is_stored_as_web_json_and_read_back()
    {
        await _dapr.SaveStateAsync(Store, "bin-1", new Bin("bin-1", 40));

        _dapr.GetStoredJson(Store, "bin-1").Should().Be("""{"id":"bin-1","fillPercent":40}""");
        (await _dapr.GetStateAsync<Bin>(Store, "bin-1")).Should().Be(new Bin("bin-1", 40));
    }

    [Fact]
    public async Task Missing_key_reads_as_default_with_empty_etag()
    {
        var (value, etag) = await _dapr.GetStateAndETagAsync<Bin>(Store, "nope");

        value.Should().BeNull();
        etag.Should().BeEmpty();
    }

    [Fact]
    public async Task Keys_are_scoped_by_store_name()
    {
        await _dapr.SaveStateAsync("a", "k", 1);
        await _dapr.SaveStateAsync("b", "k", 2);

        (await _dapr.GetStateAsync<int>("a", "k")).Should().Be(1);
        (await _dapr.GetStateAsync<int>("b", "k")).Should().Be(2);
        _dapr.StateKeys("a").Should().Equal("k");
    }

    [Fact]
    public async Task Every_write_produces_a_new_etag()
    {
        await _dapr.SaveStateAsync(Store, "k", 1);
        var (_, first) = await _dapr.GetStateAndETagAsync<int>(Store, "k");
        await _dapr.SaveStateAsync(Store, "k", 2);
        var (_, second) = await _dapr.GetStateAndETagAsync<int>(Store, "k");

        first.Should().NotBeNullOrEmpty();
        second.Should().NotBe(first);
    }

    [Fact]
    public async Task Save_with_current_etag_succeeds()
    {
        await _dapr.SaveStateAsync(Store, "k", 1);
        var (_, etag) = await _dapr.GetStateAndETagAsync<int>(Store, "k");

        (await _dapr.TrySaveStateAsync(Store, "k", 2, etag)).Should().BeTrue();
        (await _dapr.GetStateAsync<int>(Store, "k")).Should().Be(2);
    }

    [Fact]
    public async Task Save_with_stale_etag_is_refused()
    {
        await _dapr.SaveStateAsync(Store, "k", 1);
        var (_, stale) = await _dapr.GetStateAndETagAsync<int>(Store, "k");
        await _dapr.SaveStateAsync(Store, "k", 2);

        (await _dapr.TrySaveStateAsync(Store, "k", 3, stale)).Should().BeFalse();
        (await _dapr.GetStateAsync<int>(Store, "k")).Should().Be(2);
    }

    [Fact]
    public async Task Save_with_etag_for_missing_key_is_accepted_as_redis_does()
    {
        (await _dapr.TrySaveStateAsync(Store, "k", 1, "7")).Should().BeTrue();
        _dapr.GetStoredETag(Store, "k").Should().Be("1");
    }

    [Fact]
    public async Task First_write_without_etag_on_an_existing_first_written_key_throws_Internal_not_false()
    {
        var firstWrite = new StateOptions { Concurrency = ConcurrencyMode.FirstWrite };

        (await _dapr.TrySaveStateAsync(Store, "event-1", "done", "", firstWrite)).Should().BeTrue();
        var again = () => _dapr.TrySaveStateAsync(Store, "event-1", "again", "", firstWrite);

        (await again.Should().ThrowAsync<global::Dapr.DaprException>())
            .WithInnerException<RpcException>()
            .Which.StatusCode.Should().Be(StatusCode.Internal);
        (await _dapr.GetStateAsync<string>(Store, "event-1")).Should().Be("done");
    }

    [Fact]
    public async Task First_write_conflict_through_SaveStateAsync_throws_like_the_sidecar_client()
    {
        var firstWrite = new StateOptions { Concurrency = ConcurrencyMode.FirstWrite };
        await _dapr.SaveStateAsync(Store, "event-1", "done", firstWrite);

        var act = () => _dapr.SaveStateAsync(Store, "event-1", "again", firstWrite);

        (await act.Should().ThrowAsync<global::Dapr.DaprException>())
            .WithInnerException<RpcException>()
            .Which.StatusCode.Should().Be(StatusCode.Internal);
        _dapr.StateFailures.Should().ContainSingle().Which.Should().Match<StateFailure>(f => f.Key == "event-1" && f.Operation == "save");
    }

    [Fact]
    public async Task A_rival_registered_for_a_key_runs_once_just_before_its_next_save()
    {
        var rivals = 0;
        _dapr.BeforeNextSave(Store, "k", () =>
        {
            rivals++;
            _dapr.SaveStateAsync(Store, "k", "rival").GetAwaiter().GetResult();
        });
        var (_, etag) = await _dapr.GetStateAndETagAsync<string>(Store, "k");

        (await _dapr.TrySaveStateAsync(Store, "k", "mine", etag)).Should().BeTrue("an empty ETag is no ETag: a plain save");
        await _dapr.SaveStateAsync(Store, "k", "later");

        rivals.Should().Be(1);
        _dapr.GetStoredETag(Store, "k").Should().Be("3", "the rival's save came first");
        (await _dapr.GetStateAsync<string>(Store, "k")).Should().Be("later");
    }

    [Fact]
    public async Task Ttl_expires_state()
    {
        await _dapr.SaveStateAsync(Store, "k", "v", metadata: new Dictionary<string, string> { ["ttlInSeconds"] = "60" });

        _time.Advance(TimeSpan.FromSeconds(59));
        (await _dapr.GetStateAsync<string>(Store, "k")).Should().Be("v");

        _time.Advance(TimeSpan.FromSeconds(1));
        (await _dapr.GetStateAsync<string>(Store, "k")).Should().BeNull();
        _dapr.StateKeys(Store).Should().BeEmpty();
    }

    [Fact]
    public async Task Delete_with_stale_etag_is_refused_and_with_current_etag_succeeds()
    {
        await _dapr.SaveStateAsync(Store, "k", 1);
        var (_, etag) = await _dapr.GetStateAndETagAsync<int>(Store, "k");

        (await _dapr.TryDeleteStateAsync(Store, "k", "not-" + etag)).Should().BeFalse();
        (await _dapr.TryDeleteStateAsync(Store, "k", etag)).Should().BeTrue();
        _dapr.GetStoredJson(Store, "k").Should().BeNull();
    }

    [Fact]
    public async Task Transaction_applies_all_operations()
    {
        await _dapr.SaveStateAsync(Store, "old", 1);

        await _dapr.ExecuteStateTransactionAsync(Store,
        [
            new StateTransactionRequest("new", Encoding.UTF8.GetBytes("2"), StateOperationType.Upsert),
            new StateTransactionRequest("old", null, StateOperationType.Delete),
        ]);

        _dapr.StateKeys(Store).Should().Equal("new");
        (await _dapr.GetStateAsync<int>(Store, "new")).Should().Be(2);
    }

    [Fact]
    public async Task Transaction_with_an_etag_that_is_not_a_number_changes_nothing()
    {
        await _dapr.SaveStateAsync(Store, "a", 1);

        var act = () => _dapr.ExecuteStateTransactionAsync(Store,
        [
            new StateTransactionRequest("b", Encoding.UTF8.GetBytes("2"), StateOperationType.Upsert),
            new StateTransactionRequest("a", Encoding.UTF8.GetBytes("3"), StateOperationType.Upsert, etag: "stale"),
        ]);

        await act.Should().ThrowAsync<global::Dapr.DaprException>();
        _dapr.StateKeys(Store).Should().Equal("a");
        (await _dapr.GetStateAsync<int>(Store, "a")).Should().Be(1);
    }

    [Fact]
    public async Task Transaction_with_one_stale_etag_still_applies_the_others_as_redis_has_no_rollback()
    {
        await _dapr.SaveStateAsync(Store, "a", 1);
        await _dapr.SaveStateAsync(Store, "a", 2);

        var act = () => _dapr.ExecuteStateTransactionAsync(Store,
        [
            new StateTransactionRequest("b", Encoding.UTF8.GetBytes("2"), StateOperationType.Upsert),
            new StateTransactionRequest("a", Encoding.UTF8.GetBytes("3"), StateOperationType.Upsert, etag: "1"),
        ]);

        await act.Should().ThrowAsync<global::Dapr.DaprException>();
        _dapr.StateKeys(Store).Should().Equal("a", "b");
        (await _dapr.GetStateAsync<int>(Store, "a")).Should().Be(2);
    }

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
}
