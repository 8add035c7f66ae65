using Dapr.Actors.Runtime;
using Growbin.TestSupport.Actors;
using Growbin.TestSupport.Dapr;

namespace Growbin.TestSupport.Tests.Actors;

public sealed class InMemoryActorStateManagerTests
{
    private readonly ManualTimeProvider _time = new();
    private readonly InMemoryActorStateManager _state;

    public InMemoryActorStateManagerTests()
    {
        _state = new InMemoryActorStateManager(_time);
    }

    private sealed record Pickup(string By, int Bags);

    [Fact]
    public async Task Changes_are_pending_until_saved()
    {
        await _state.SetStateAsync("pickup", new Pickup("ann", 2));

        (await _state.GetStateAsync<Pickup>("pickup")).Should().Be(new Pickup("ann", 2));
        _state.HasUnsavedChanges.Should().BeTrue();
        _state.SavedStateNames.Should().BeEmpty();

        await _state.SaveStateAsync();

        _state.HasUnsavedChanges.Should().BeFalse();
        _state.SaveCount.Should().Be(1);
        _state.GetSavedJson("pickup").Should().Be("""{"by":"ann","bags":2}""");
    }

    [Fact]
    public async Task Reactivated_actor_sees_only_saved_state()
    {
        await _state.SetStateAsync("saved", 1);
        await _state.SaveStateAsync();
        await _state.SetStateAsync("unsaved", 2);
        await _state.SetStateAsync("saved", 3);

        var afterCrash = _state.SimulateReactivation();

        (await afterCrash.GetStateAsync<int>("saved")).Should().Be(1);
        (await afterCrash.ContainsStateAsync("unsaved")).Should().BeFalse();
    }

    [Fact]
    public async Task Clear_cache_drops_unsaved_changes()
    {
        await _state.SetStateAsync("n", 1);
        await _state.SaveStateAsync();
        await _state.SetStateAsync("n", 2);
        await _state.SetStateAsync("other", 3);

        await _state.ClearCacheAsync();

        (await _state.GetStateAsync<int>("n")).Should().Be(1);
        (await _state.TryGetStateAsync<int>("other")).HasValue.Should().BeFalse();
    }

    [Fact]
    public async Task Removal_reaches_the_store_only_when_saved()
    {
        _state.SeedSavedState("n", 5);

        await _state.RemoveStateAsync("n");
        (await _state.ContainsStateAsync("n")).Should().BeFalse();
        _state.GetSavedState<int>("n").Should().Be(5);

        await _state.SaveStateAsync();
        _state.SavedStateNames.Should().BeEmpty();
    }

    [Fact]
    public async Task Add_of_existing_state_throws_and_TryAdd_returns_false()
    {
        _state.SeedSavedState("n", 5);

        await _state.Invoking(s => s.AddStateAsync("n", 6)).Should().ThrowAsync<InvalidOperationException>();
        (await _state.TryAddStateAsync("n", 6)).Should().BeFalse();
        await _state.Invoking(s => s.GetStateAsync<int>("missing")).Should().ThrowAsync<KeyNotFoundException>();
    }

    [Fact]
    public async Task Ttl_state_expires_in_cache_and_store()
    {
        await _state.SetStateAsync("hold", "x", TimeSpan.FromMinutes(10));
        await _state.SaveStateAsync();

        _time.Advance(TimeSpan.FromMinutes(10));

        (await _state.TryGetStateAsync<string>("hold")).HasValue.Should().BeFalse();
        (await _state.SimulateReactivation().ContainsStateAsync("hold")).Should().BeFalse();
        _state.SavedStateNames.Should().BeEmpty();
    }

    [Fact]
    public async Task Unloading_modified_state_needs_explicit_permission()
    {
        await _state.SetStateAsync("n", 1);

        await _state.Invoking(s => s.UnloadStateAsync("n")).Should().ThrowAsync<InvalidOperationException>();
        await _state.UnloadStateAsync("n", new UnloadStateOptions { AllowUnloadingWhenStateModified = true });
        (await _state.ContainsStateAsync("n")).Should().BeFalse();
    }

    [Fact]
    public async Task Object_mutated_after_save_without_set_is_not_saved_again()
    {
        var list = new List<int> { 1 };
        await _state.SetStateAsync("list", list);
        await _state.SaveStateAsync();

        list.Add(2);
        await _state.SaveStateAsync();

        _state.GetSavedState<List<int>>("list").Should().Equal(1);
    }
}
