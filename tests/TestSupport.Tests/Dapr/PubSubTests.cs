using Growbin.TestSupport.Dapr;

namespace Growbin.TestSupport.Tests.Dapr;

public sealed class PubSubTests
{
    private readonly InMemoryDaprClient _dapr = new();

    private sealed record BinFull(string BinId, int FillPercent);

    [Fact]
    public async Task Published_event_is_captured_as_web_json_with_its_metadata()
    {
        await _dapr.PublishEventAsync("pubsub", "bin-full", new BinFull("b-1", 95),
            new Dictionary<string, string> { ["ttlInSeconds"] = "30" });

        var published = _dapr.PublishedEvents.Should().ContainSingle().Subject;
        published.PubsubName.Should().Be("pubsub");
        published.Topic.Should().Be("bin-full");
        published.Data.GetRawText().Should().Be("""{"binId":"b-1","fillPercent":95}""");
        published.Metadata.Should().ContainKey("ttlInSeconds").WhoseValue.Should().Be("30");
    }

    [Fact]
    public async Task Published_deserializes_events_of_one_topic()
    {
        await _dapr.PublishEventAsync("pubsub", "bin-full", new BinFull("b-1", 95));
        await _dapr.PublishEventAsync("pubsub", "other", new BinFull("x", 1));
        await _dapr.PublishEventAsync("pubsub", "bin-full", new BinFull("b-2", 99));

        _dapr.Published<BinFull>("bin-full").Should().Equal(new BinFull("b-1", 95), new BinFull("b-2", 99));
    }

    [Fact]
    public async Task Injected_publish_failures_throw_then_clear()
    {
        _dapr.FailPublishTimes("bin-full", 2);

        for (var i = 0; i < 2; i++)
        {
            var act = () => _dapr.PublishEventAsync("pubsub", "bin-full", new BinFull("b-1", 95));
            (await act.Should().ThrowAsync<global::Dapr.DaprException>())
                .WithMessage("Publish operation failed*");
        }

        await _dapr.PublishEventAsync("pubsub", "bin-full", new BinFull("b-1", 95));
        _dapr.Published<BinFull>("bin-full").Should().ContainSingle();
    }

    [Fact]
    public async Task Bulk_publish_reports_injected_failures_per_entry()
    {
        _dapr.FailPublishTimes("t", 1);

        var response = await _dapr.BulkPublishEventAsync("pubsub", "t", new[] { new BinFull("a", 1), new BinFull("b", 2) });

        response.FailedEntries.Should().ContainSingle().Which.Entry.EventData.Should().Be(new BinFull("a", 1));
        _dapr.Published<BinFull>("t").Should().Equal(new BinFull("b", 2));
    }
}
