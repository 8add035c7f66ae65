using Growbin.Contracts;
using Growbin.ServiceDefaults.State;
using Growbin.TestSupport.Dapr;

namespace Growbin.ServiceDefaults.Tests;

/// <summary>
/// The per-user list of state keys an app wrote (found again when the account is deleted): bounded by age and count,
/// ETag-guarded so concurrent adds all land, and deleted together with what it lists.
/// </summary>
public sealed class UserKeyIndexTests
{
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
    private readonly InMemoryDaprClient _dapr;

    public UserKeyIndexTests() => _dapr = new InMemoryDaprClient(_time);

    [Fact]
    public async Task Keys_are_listed_oldest_first_once_each_and_the_index_lives_as_long_as_its_newest_entry()
    {
        var index = Index(TimeSpan.FromHours(24), maxEntries: 10);
        await index.AddAsync("u1", "k1", default);
        _time.Advance(TimeSpan.FromHours(1));
        await index.AddAsync("u1", "k2", default);
        await index.AddAsync("u1", "k1", default);

        (await index.ListAsync("u1", default)).Should().Equal("k2", "k1");
        (await index.ListAsync("u2", default)).Should().BeEmpty();
        _dapr.TtlOf(DaprComponents.StateStore, index.KeyFor("u1")).Should().Be(TimeSpan.FromHours(24));
    }

    [Fact]
    public async Task An_entry_past_its_ttl_is_no_longer_listed_and_is_dropped_at_the_next_add()
    {
        var index = Index(TimeSpan.FromHours(24), maxEntries: 10);
        await index.AddAsync("u1", "old", default);
        _time.Advance(TimeSpan.FromHours(23));
        await index.AddAsync("u1", "new", default);
        _time.Advance(TimeSpan.FromHours(2));

        (await index.ListAsync("u1", default)).Should().Equal("new");
        await index.AddAsync("u1", "newer", default);
        _dapr.GetStoredJson(DaprComponents.StateStore, index.KeyFor("u1")).Should().NotContain("\"old\"");
    }

    [Fact]
    public async Task Past_the_count_the_oldest_entries_are_returned_so_the_caller_can_delete_what_they_name()
    {
        var index = Index(TimeSpan.FromHours(24), maxEntries: 3);
        var evicted = new List<string>();
        for (var i = 1; i <= 5; i++)
        {
            evicted.AddRange(await index.AddAsync("u1", $"k{i}", default));
        }

        evicted.Should().Equal("k1", "k2");
        (await index.ListAsync("u1", default)).Should().Equal("k3", "k4", "k5");
    }

    [Fact]
    public async Task Concurrent_adds_for_one_user_all_land()
    {
        var index = Index(TimeSpan.FromHours(24), maxEntries: 100);

        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() => index.AddAsync("u1", $"k{i}", default))));

        (await index.ListAsync("u1", default)).Should().BeEquivalentTo(Enumerable.Range(0, 12).Select(i => $"k{i}"));
    }

    [Fact]
    public async Task A_rival_add_between_the_read_and_the_write_is_kept()
    {
        var index = Index(TimeSpan.FromHours(24), maxEntries: 10);
        await index.AddAsync("u1", "first", default);
        _dapr.BeforeNextSave(DaprComponents.StateStore, index.KeyFor("u1"), () => index.AddAsync("u1", "rival", default).GetAwaiter().GetResult());

        await index.AddAsync("u1", "mine", default);

        (await index.ListAsync("u1", default)).Should().Equal("first", "rival", "mine");
    }

    [Fact]
    public async Task Deleting_with_the_listed_keys_removes_them_and_the_index_and_is_safe_to_repeat()
    {
        var index = Index(TimeSpan.FromHours(24), maxEntries: 10);
        await _dapr.SaveStateAsync(DaprComponents.StateStore, "k1", "v1");
        await _dapr.SaveStateAsync(DaprComponents.StateStore, "other", "v2");
        await index.AddAsync("u1", "k1", default);

        await index.DeleteWithAsync("u1", await index.ListAsync("u1", default), default);
        await index.DeleteWithAsync("u1", await index.ListAsync("u1", default), default);

        _dapr.StateKeys(DaprComponents.StateStore).Should().Equal("other");
    }

    private UserKeyIndex Index(TimeSpan ttl, int maxEntries) => new(_dapr, _time, "test-index", ttl, maxEntries);
}
