using Growbin.TestSupport.Dapr;

namespace Growbin.TestSupport.Tests.Dapr;

/// <summary>
/// The state double's own hooks. How the state API answers (ETags, first-write, TTL, transactions, bulk) is in
/// tests/Fidelity.Tests/StateStoreFidelityTests.cs.
/// </summary>
public sealed class StateTests
{
    private const string Store = "statestore";
    private readonly InMemoryDaprClient _dapr = new();

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
}
