using System.Net;
using System.Text.Json;

namespace Growbin.TestSupport.Dapr;

/// <summary>
/// Delivery of published events to subscriber apps, as daprd with Growbin's RabbitMQ component does it. Opt-in: an app
/// gets deliveries once <see cref="SubscribeAppAsync"/> has read its subscriptions (what its sidecar does at start-up),
/// and they are made by <see cref="DeliverPendingAsync"/>. Without it, publishes are only recorded, as before.
/// <list type="bullet">
/// <item>Broker (components-contrib pubsub/rabbitmq/rabbitmq.go): a fanout exchange per topic; each subscription's
/// queue <c>{appId}-{topic}</c> is declared and bound when its sidecar subscribes, and stays (durable,
/// <c>deletedWhenUnused: false</c>). A message published to a topic with no queue bound is lost; one published while
/// the subscriber is away waits in its queue.</item>
/// <item>Delivery (dapr/dapr pkg/runtime/subscription/postman/http/http.go): POST to the route with
/// <c>application/cloudevents+json</c>; 2xx with SUCCESS, an empty status or a body that is no status object is
/// success; RETRY, an unknown status, another status code or no answer is retried; DROP or 404 is dropped.</item>
/// <item>Retries and dead letters (dapr/dapr pkg/runtime/subscription/subscription.go): retried by the inbound
/// resiliency policy up to <see cref="SubscriberDeliveryRetries"/> times (the waits are not played); then, and at once
/// on DROP, the message is published unchanged to the subscription's dead-letter topic and acked. Without a
/// dead-letter topic a DROP is acked (gone) and exhausted retries NACK it without requeue, which with
/// <c>enableDeadLetter</c> moves it to RabbitMQ's <c>dlq-{queue}</c> (<see cref="BrokerDeadLetters"/>).</item>
/// </list>
/// </summary>
public sealed partial class InMemoryDaprClient
{
    /// <summary>components/resiliency.yaml <c>subscriberDelivery.maxRetries</c> (a consistency test keeps them equal).</summary>
    public const int DefaultSubscriberDeliveryRetries = 20;

    private const int MaxDeliveriesPerDrain = 10_000;

    private readonly Dictionary<string, SidecarSubscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<byte[]>> _queues = new(StringComparer.Ordinal);
    private readonly List<PubSubDelivery> _deliveries = [];
    private readonly List<BrokerDeadLetter> _brokerDeadLetters = [];
    private readonly SemaphoreSlim _deliveryGate = new(1, 1);

    /// <summary>Retries after the first delivery attempt before the sidecar gives up on a message.</summary>
    public int SubscriberDeliveryRetries { get; set; } = DefaultSubscriberDeliveryRetries;

    /// <summary>The app id the publishing sidecar puts in each CloudEvent's <c>source</c> (daprd: its own app id; "Dapr" when unset).</summary>
    public string PublisherAppId { get; set; } = "Dapr";

    /// <summary>Every delivery made so far, in order.</summary>
    public IReadOnlyList<PubSubDelivery> Deliveries
    {
        get
        {
            lock (_pubsubGate)
            {
                return _deliveries.ToList();
            }
        }
    }

    /// <summary>Messages RabbitMQ moved to a queue's <c>dlq-</c> queue (NACKed without requeue).</summary>
    public IReadOnlyList<BrokerDeadLetter> BrokerDeadLetters
    {
        get
        {
            lock (_pubsubGate)
            {
                return _brokerDeadLetters.ToList();
            }
        }
    }

    /// <summary>Messages waiting in the queue <paramref name="queueName"/> (0 when it was never declared).</summary>
    public int QueuedMessages(string queueName)
    {
        lock (_pubsubGate)
        {
            return _queues.TryGetValue(queueName, out var queue) ? queue.Count : 0;
        }
    }

    /// <summary>
    /// The app and its sidecar are gone (a pod that stopped): invocations of it fail and its queues keep their messages
    /// until it is registered again.
    /// </summary>
    public void UnregisterApp(string appId)
    {
        RequireNotEmpty(appId, nameof(appId));
        lock (_appsGate)
        {
            _apps.Remove(appId);
            _appTokens.Remove(appId);
        }
    }

    /// <summary>
    /// Reads <paramref name="appId"/>'s subscriptions from <c>GET /dapr/subscribe</c> on its registered client, as its
    /// sidecar does at start-up, and declares and binds each one's queue. 404 means none.
    /// </summary>
    public async Task<IReadOnlyList<SidecarSubscription>> SubscribeAppAsync(string appId, CancellationToken cancellationToken = default)
    {
        RequireNotEmpty(appId, nameof(appId));
        ThrowIfDisposed();
        var app = FindApp(appId) ?? throw new InvalidOperationException($"No app '{appId}' is registered (RegisterApp) to read subscriptions from.");
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/dapr/subscribe", UriKind.Relative));
        request.Headers.TryAddWithoutValidation("dapr-app-id", appId);
        AddAppToken(appId, request);
        using var response = await app.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return [];
        }

        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken));
        var subscriptions = document.RootElement.EnumerateArray().Select(s => ParseSubscription(appId, s)).ToList();
        lock (_pubsubGate)
        {
            foreach (var subscription in subscriptions)
            {
                _subscriptions[subscription.QueueName] = subscription;
                _queues.TryAdd(subscription.QueueName, new Queue<byte[]>());
            }
        }

        return subscriptions;
    }

    /// <summary>
    /// Hands every queued message to its subscription until no queue of a registered app has any left (dead letters
    /// published meanwhile included), and returns the deliveries made. Messages of apps not registered stay queued.
    /// </summary>
    public async Task<IReadOnlyList<PubSubDelivery>> DeliverPendingAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposed();
        await _deliveryGate.WaitAsync(cancellationToken);
        try
        {
            var made = new List<PubSubDelivery>();
            while (NextMessage() is var (subscription, app, message))
            {
                if (made.Count >= MaxDeliveriesPerDrain)
                {
                    throw new InvalidOperationException($"More than {MaxDeliveriesPerDrain} deliveries in one drain: a subscriber keeps publishing to itself?");
                }

                var delivery = await DeliverAsync(subscription, app, message, cancellationToken);
                lock (_pubsubGate)
                {
                    _deliveries.Add(delivery);
                }

                made.Add(delivery);
            }

            return made;
        }
        finally
        {
            _deliveryGate.Release();
        }
    }

    /// <summary>Puts a published message into every queue bound to its topic; none bound: it is lost. Caller holds _pubsubGate.</summary>
    private void RouteToQueues(string pubsubName, string topic, byte[] message)
    {
        foreach (var subscription in _subscriptions.Values.Where(s => s.PubsubName == pubsubName && s.Topic == topic))
        {
            _queues[subscription.QueueName].Enqueue(message);
        }
    }

    private (SidecarSubscription Subscription, HttpClient App, byte[] Message)? NextMessage()
    {
        lock (_pubsubGate)
        {
            foreach (var (name, queue) in _queues)
            {
                var subscription = _subscriptions[name];
                if (queue.Count > 0 && FindApp(subscription.AppId) is { } app)
                {
                    return (subscription, app, queue.Dequeue());
                }
            }
        }

        return null;
    }

    private async Task<PubSubDelivery> DeliverAsync(SidecarSubscription subscription, HttpClient app, byte[] message, CancellationToken cancellationToken)
    {
        var eventId = EventIdOf(message);
        var attempts = 0;
        while (attempts <= SubscriberDeliveryRetries)
        {
            attempts++;
            var answer = await DeliverOnceAsync(subscription, app, message, cancellationToken);
            if (answer == AppAnswer.Success)
            {
                return new PubSubDelivery(subscription, eventId, attempts, DeliveryOutcome.Succeeded);
            }

            if (answer == AppAnswer.Drop)
            {
                if (subscription.DeadLetterTopic is null)
                {
                    return new PubSubDelivery(subscription, eventId, attempts, DeliveryOutcome.Dropped);
                }

                // A dead-letter publish that fails inside the policy returns the drop error, which the policy retries.
                if (TryPublishDeadLetter(subscription, message))
                {
                    return new PubSubDelivery(subscription, eventId, attempts, DeliveryOutcome.DeadLettered);
                }
            }
        }

        if (subscription.DeadLetterTopic is not null && TryPublishDeadLetter(subscription, message))
        {
            return new PubSubDelivery(subscription, eventId, attempts, DeliveryOutcome.DeadLettered);
        }

        lock (_pubsubGate)
        {
            _brokerDeadLetters.Add(new BrokerDeadLetter(subscription.QueueName, message));
        }

        return new PubSubDelivery(subscription, eventId, attempts, DeliveryOutcome.Nacked);
    }

    private enum AppAnswer
    {
        Success,
        Retry,
        Drop,
    }

    private async Task<AppAnswer> DeliverOnceAsync(SidecarSubscription subscription, HttpClient app, byte[] message, CancellationToken cancellationToken)
    {
        var body = subscription.RawPayload ? CloudEvents.RawPayload(subscription.Topic, subscription.PubsubName, message) : message;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(subscription.Route, UriKind.Relative))
        {
            Content = CloudEvents.Content(body),
        };
        // The message's metadata travels as HTTP headers; the sidecar adds the pub/sub name (rtpubsub.MetadataKeyPubSub).
        request.Headers.TryAddWithoutValidation("pubsubName", subscription.PubsubName);
        AddAppToken(subscription.AppId, request);

        HttpResponseMessage response;
        try
        {
            response = await app.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException)
        {
            return AppAnswer.Retry;
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (status is >= 200 and <= 299)
            {
                return StatusOf(await response.Content.ReadAsByteArrayAsync(cancellationToken)) switch
                {
                    null or "" or "SUCCESS" => AppAnswer.Success,
                    "DROP" => AppAnswer.Drop,
                    _ => AppAnswer.Retry, // RETRY, or a status Dapr does not know
                };
            }

            return response.StatusCode == HttpStatusCode.NotFound ? AppAnswer.Drop : AppAnswer.Retry;
        }
    }

    /// <summary>
    /// The <c>status</c> of a 2xx answer as Go's json.Decoder reads it into contribpubsub.AppResponse: null when the body
    /// is empty or does not decode (success then), the string otherwise (field names match case-insensitively).
    /// </summary>
    private static string? StatusOf(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (string.Equals(property.Name, "status", StringComparison.OrdinalIgnoreCase))
                {
                    return property.Value.ValueKind switch
                    {
                        JsonValueKind.String => property.Value.GetString(),
                        JsonValueKind.Null => "",
                        _ => null, // a type error: the decoder fails, and the sidecar skips the status check
                    };
                }
            }

            return "";
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The sidecar publishes the broker's bytes to the dead-letter topic through the component (no new CloudEvent).</summary>
    private bool TryPublishDeadLetter(SidecarSubscription subscription, byte[] message)
    {
        lock (_pubsubGate)
        {
            var topic = subscription.DeadLetterTopic!;
            if (_publishFailures.TryGetValue(topic, out var left) && left > 0)
            {
                _publishFailures[topic] = left - 1;
                return false;
            }

            RouteToQueues(subscription.PubsubName, topic, message);
            return true;
        }
    }

    private static SidecarSubscription ParseSubscription(string appId, JsonElement item)
    {
        string? Text(JsonElement element, string name) =>
            element.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) is { Value.ValueKind: JsonValueKind.String } p
                ? p.Value.GetString()
                : null;

        JsonElement? Child(JsonElement element, string name) =>
            element.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) is { Value.ValueKind: JsonValueKind.Object } p
                ? p.Value
                : null;

        var route = Text(item, "route");
        if (Child(item, "routes") is { } routes)
        {
            if (routes.EnumerateObject().Any(p => string.Equals(p.Name, "rules", StringComparison.OrdinalIgnoreCase)
                && p.Value.ValueKind == JsonValueKind.Array && p.Value.GetArrayLength() > 0))
            {
                throw new NotSupportedException($"{nameof(InMemoryDaprClient)} does not evaluate routing rules (match expressions); Growbin declares none.");
            }

            route = Text(routes, "default") ?? route;
        }

        var rawPayload = Child(item, "metadata") is { } metadata
            && bool.TryParse(Text(metadata, "rawPayload"), out var raw) && raw;
        return new SidecarSubscription(
            appId,
            Text(item, "pubsubname") ?? throw new InvalidOperationException("A subscription without pubsubname."),
            Text(item, "topic") ?? throw new InvalidOperationException("A subscription without topic."),
            "/" + (route ?? throw new InvalidOperationException("A subscription without a route.")).TrimStart('/'),
            string.IsNullOrEmpty(Text(item, "deadLetterTopic")) ? null : Text(item, "deadLetterTopic"),
            rawPayload);
    }

    private static string? EventIdOf(byte[] message)
    {
        try
        {
            using var document = JsonDocument.Parse(message);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("id", out var id)
                && id.ValueKind == JsonValueKind.String
                    ? id.GetString()
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
