using System.Text.Json;
using Dapr.Client;

namespace Growbin.TestSupport.Dapr;

public sealed partial class InMemoryDaprClient
{
    private readonly object _pubsubGate = new();
    private readonly List<PublishedEvent> _published = [];
    private readonly Dictionary<string, int> _publishFailures = new(StringComparer.Ordinal);

    /// <summary>Everything published so far, in order.</summary>
    public IReadOnlyList<PublishedEvent> PublishedEvents
    {
        get
        {
            lock (_pubsubGate)
            {
                return _published.ToList();
            }
        }
    }

    /// <summary>The data of every event published to the topic (any pub/sub component), deserialized.</summary>
    public IReadOnlyList<T> Published<T>(string topic) =>
        PublishedEvents
            .Where(e => e.Topic == topic)
            .Select(e => e.Data.Deserialize<T>(_json)!)
            .ToList();

    /// <summary>The next <paramref name="times"/> publishes to the topic fail the way a broker outage does.</summary>
    public void FailPublishTimes(string topic, int times)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(times);
        lock (_pubsubGate)
        {
            _publishFailures[topic] = times;
        }
    }

    public void ClearPublished()
    {
        lock (_pubsubGate)
        {
            _published.Clear();
        }
    }

    public override Task PublishEventAsync<TData>(string pubsubName, string topicName, TData data,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        Publish(pubsubName, topicName, JsonSerializer.SerializeToElement(data, _json), metadata: null);
        return Task.CompletedTask;
    }

    public override Task PublishEventAsync<TData>(string pubsubName, string topicName, TData data,
        Dictionary<string, string> metadata, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(metadata);
        Publish(pubsubName, topicName, JsonSerializer.SerializeToElement(data, _json), metadata);
        return Task.CompletedTask;
    }

    public override Task PublishEventAsync(string pubsubName, string topicName, CancellationToken cancellationToken = default)
    {
        Publish(pubsubName, topicName, default, metadata: null);
        return Task.CompletedTask;
    }

    public override Task PublishEventAsync(string pubsubName, string topicName, Dictionary<string, string> metadata,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        Publish(pubsubName, topicName, default, metadata);
        return Task.CompletedTask;
    }

    public override Task PublishByteEventAsync(string pubsubName, string topicName, ReadOnlyMemory<byte> data,
        string dataContentType = "application/json", Dictionary<string, string>? metadata = null,
        CancellationToken cancellationToken = default)
    {
        if (!dataContentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            throw new NotSupportedException(
                $"{nameof(InMemoryDaprClient)} records JSON events only; got content type '{dataContentType}'.");
        }

        using var document = JsonDocument.Parse(data);
        Publish(pubsubName, topicName, document.RootElement.Clone(), metadata);
        return Task.CompletedTask;
    }

    public override Task<BulkPublishResponse<TValue>> BulkPublishEventAsync<TValue>(string pubsubName, string topicName,
        IReadOnlyList<TValue> events, Dictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        RequireNotEmpty(pubsubName, nameof(pubsubName));
        RequireNotEmpty(topicName, nameof(topicName));
        ArgumentNullException.ThrowIfNull(events);

        // Bulk publish reports failures per entry instead of throwing; entry ids are the indexes, as in the real client.
        var failed = new List<BulkPublishResponseFailedEntry<TValue>>();
        for (var i = 0; i < events.Count; i++)
        {
            var entry = new BulkPublishEntry<TValue>(i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                events[i], "application/json", new Dictionary<string, string>());
            try
            {
                Publish(pubsubName, topicName, JsonSerializer.SerializeToElement(events[i], _json), metadata);
            }
            catch (global::Dapr.DaprException ex)
            {
                failed.Add(new BulkPublishResponseFailedEntry<TValue>(entry, ex.InnerException?.Message ?? ex.Message));
            }
        }

        return Task.FromResult(new BulkPublishResponse<TValue>(failed));
    }

    private void Publish(string pubsubName, string topicName, JsonElement data, Dictionary<string, string>? metadata)
    {
        RequireNotEmpty(pubsubName, nameof(pubsubName));
        RequireNotEmpty(topicName, nameof(topicName));
        ThrowIfDisposed();
        lock (_pubsubGate)
        {
            if (_publishFailures.TryGetValue(topicName, out var left) && left > 0)
            {
                _publishFailures[topicName] = left - 1;
                throw DaprErrors.Publish(
                    $"error when publish to topic {topicName} in pubsub {pubsubName}: injected failure ({left - 1} left)");
            }

            var copy = metadata is null
                ? new Dictionary<string, string>()
                : new Dictionary<string, string>(metadata);
            _published.Add(new PublishedEvent(pubsubName, topicName, data, copy));

            // What the broker gets: the sidecar's CloudEvent (metadata cloudevent.id / cloudevent.source override its
            // fields, case-insensitively: dapr/dapr pkg/runtime/pubsub/cloudevents.go). Subscribers' queues get a copy.
            var envelope = CloudEvents.Published(
                Override(copy, "cloudevent.id") ?? Guid.NewGuid().ToString(),
                Override(copy, "cloudevent.source") ?? PublisherAppId,
                topicName, pubsubName, data, _time.GetUtcNow());
            RouteToQueues(pubsubName, topicName, envelope);
        }
    }

    private static string? Override(Dictionary<string, string> metadata, string key) =>
        metadata.FirstOrDefault(m => string.Equals(m.Key, key, StringComparison.OrdinalIgnoreCase)).Value is { Length: > 0 } value ? value : null;
}
