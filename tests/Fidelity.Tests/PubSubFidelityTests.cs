using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Growbin.Contracts;
using Growbin.ServiceDefaults.Events;
using Growbin.TestSupport.Dapr;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Growbin.Fidelity.Tests;

/// <summary>
/// Pub/sub delivery as daprd with Growbin's RabbitMQ component does it, played by <see cref="InMemoryDaprClient"/>:
/// subscriptions read from the app, the CloudEvent a route receives, retries, DROP, dead letters, and what the broker
/// keeps or loses. The subscriber is a real ASP.NET Core app declaring its routes with Growbin's own
/// <see cref="SubscriptionExtensions"/> and Dapr's <c>UseCloudEvents</c> / <c>MapSubscribeHandler</c>.
/// </summary>
public sealed class PubSubFidelityTests : IAsyncLifetime
{
    private const string Orders = "orders";
    private const string Subscriber = "subscriber";

    private readonly InMemoryDaprClient _dapr = new() { PublisherAppId = "publisher", SubscriberDeliveryRetries = 3 };
    private readonly SubscriberApp _app = new();

    private sealed record Order(string OrderId);

    public async Task InitializeAsync()
    {
        await _app.StartAsync();
        _dapr.RegisterApp(Subscriber, _app.Client);
    }

    public async Task DisposeAsync()
    {
        _dapr.Dispose();
        await _app.DisposeAsync();
    }

    /// <remarks>dapr/dapr pkg/runtime/pubsub/subscriptions.go GetSubscriptionsHTTP; dotnet-sdk src/Dapr.AspNetCore/DaprEndpointRouteBuilderExtensions.cs.</remarks>
    [Fact]
    public async Task Subscriptions_are_read_from_dapr_subscribe_with_route_dead_letter_topic_and_raw_payload()
    {
        var subscriptions = await _dapr.SubscribeAppAsync(Subscriber);

        subscriptions.Should().BeEquivalentTo(
        [
            new SidecarSubscription(Subscriber, DaprComponents.PubSub, Orders, "/events/orders", Topics.DeadLetter, RawPayload: false),
            new SidecarSubscription(Subscriber, DaprComponents.PubSub, Topics.DeadLetter, "/events/dead-letter", null, RawPayload: true),
        ]);
        subscriptions.Select(s => s.QueueName).Should().BeEquivalentTo("subscriber-orders", "subscriber-dead-letter");
    }

    /// <remarks>dapr/dapr pkg/runtime/pubsub/cloudevents.go NewCloudEvent; components-contrib pubsub/envelope.go NewCloudEventsEnvelope; postman/http/http.go.</remarks>
    [Fact]
    public async Task A_published_event_reaches_the_route_as_the_publishing_sidecars_cloud_event()
    {
        await _dapr.SubscribeAppAsync(Subscriber);

        await _dapr.PublishEventAsync(DaprComponents.PubSub, Orders, new Order("o-1"),
            new Dictionary<string, string> { ["cloudevent.id"] = "event-1" });
        var deliveries = await _dapr.DeliverPendingAsync();

        deliveries.Should().ContainSingle().Which.Should().BeEquivalentTo(new { EventId = "event-1", Attempts = 1, Outcome = DeliveryOutcome.Succeeded });
        var received = _app.Received(Orders).Should().ContainSingle().Subject;
        received.ContentType.Should().Be("application/json", "UseCloudEvents hands the route the event's data");
        received.Body.Should().Be("""{"orderId":"o-1"}""");
        received.PubsubHeader.Should().Be(DaprComponents.PubSub);
        var envelope = JsonDocument.Parse(_app.Envelopes(Orders).Single()).RootElement;
        envelope.GetProperty("id").GetString().Should().Be("event-1");
        envelope.GetProperty("source").GetString().Should().Be("publisher");
        envelope.GetProperty("topic").GetString().Should().Be(Orders);
        envelope.GetProperty("pubsubname").GetString().Should().Be(DaprComponents.PubSub);
        envelope.GetProperty("type").GetString().Should().Be("com.dapr.event.sent");
        envelope.GetProperty("specversion").GetString().Should().Be("1.0");
    }

    /// <remarks>dapr/dapr pkg/runtime/subscription/subscription.go (policy runner, then sendToDeadLetter with msg.Data, then ack).</remarks>
    [Fact]
    public async Task A_message_the_app_keeps_answering_retry_is_retried_then_dead_lettered_unchanged_and_acked()
    {
        await _dapr.SubscribeAppAsync(Subscriber);
        _app.Answer(Orders, _ => Results.Json(new { status = "RETRY" }));

        await _dapr.PublishEventAsync(DaprComponents.PubSub, Orders, new Order("o-2"), new Dictionary<string, string> { ["cloudevent.id"] = "event-2" });
        var deliveries = await _dapr.DeliverPendingAsync();

        deliveries.Select(d => (d.Subscription.Topic, d.Attempts, d.Outcome)).Should().Equal(
            (Orders, 4, DeliveryOutcome.DeadLettered),
            (Topics.DeadLetter, 1, DeliveryOutcome.Succeeded));
        _app.Received(Orders).Should().HaveCount(4, "the first try and SubscriberDeliveryRetries (3) retries");
        var deadLetter = _app.Received(Topics.DeadLetter).Should().ContainSingle().Subject;
        deadLetter.Body.Should().Be(_app.Envelopes(Orders)[0], "the dead letter is the original message, byte for byte");
        var original = JsonDocument.Parse(deadLetter.Body).RootElement;
        original.GetProperty("id").GetString().Should().Be("event-2");
        original.GetProperty("topic").GetString().Should().Be(Orders, "the CloudEvent still names the original topic");
        _dapr.QueuedMessages("subscriber-orders").Should().Be(0, "the original is acked");
        _dapr.BrokerDeadLetters.Should().BeEmpty();
    }

    /// <remarks>dapr/dapr pkg/runtime/subscription/postman/http/http.go: any status code but 2xx and 404 is retriable.</remarks>
    [Fact]
    public async Task A_server_error_is_retried_and_succeeds_once_the_app_recovers()
    {
        await _dapr.SubscribeAppAsync(Subscriber);
        _app.Answer(Orders, attempt => attempt <= 2 ? Results.StatusCode(503) : Results.Ok());

        await _dapr.PublishEventAsync(DaprComponents.PubSub, Orders, new Order("o-3"));
        var delivery = (await _dapr.DeliverPendingAsync()).Should().ContainSingle().Subject;

        delivery.Attempts.Should().Be(3);
        delivery.Outcome.Should().Be(DeliveryOutcome.Succeeded);
        _app.Received(Topics.DeadLetter).Should().BeEmpty();
    }

    /// <remarks>dapr/dapr pkg/runtime/subscription/subscription.go (ErrMessageDropped → sendToDeadLetter inside the runner) and postman/http/http.go (DROP, 404).</remarks>
    [Theory]
    [InlineData("drop")]
    [InlineData("404")]
    public async Task A_dropped_message_is_dead_lettered_at_once(string refusal)
    {
        await _dapr.SubscribeAppAsync(Subscriber);
        _app.Answer(Orders, _ => refusal == "drop" ? Results.Json(new { status = "DROP" }) : Results.NotFound());

        await _dapr.PublishEventAsync(DaprComponents.PubSub, Orders, new Order("o-4"));
        var deliveries = await _dapr.DeliverPendingAsync();

        deliveries[0].Should().BeEquivalentTo(new { Attempts = 1, Outcome = DeliveryOutcome.DeadLettered });
        _app.Received(Topics.DeadLetter).Should().ContainSingle().Which.Body.Should().Be(_app.Envelopes(Orders)[0]);
    }

    /// <remarks>
    /// dapr/dapr pkg/runtime/subscription/subscription.go: without a dead-letter topic a DROP is acked and exhausted
    /// retries return the error; components-contrib pubsub/rabbitmq/rabbitmq.go handleMessage NACKs without requeue
    /// (requeueInFailure false), and prepareSubscription's x-dead-letter-exchange (enableDeadLetter) moves it to dlq-{queue}.
    /// </remarks>
    [Fact]
    public async Task Without_a_dead_letter_topic_a_drop_is_gone_and_exhausted_retries_land_in_the_brokers_dlq()
    {
        await _dapr.SubscribeAppAsync(Subscriber);
        _app.Answer(Topics.DeadLetter, attempt => attempt == 1 ? Results.Json(new { status = "DROP" }) : Results.StatusCode(500));

        await _dapr.PublishEventAsync(DaprComponents.PubSub, Topics.DeadLetter, new Order("dropped"));
        await _dapr.PublishEventAsync(DaprComponents.PubSub, Topics.DeadLetter, new Order("failing"));
        var deliveries = await _dapr.DeliverPendingAsync();

        deliveries.Select(d => (d.Attempts, d.Outcome)).Should().Equal((1, DeliveryOutcome.Dropped), (4, DeliveryOutcome.Nacked));
        _dapr.BrokerDeadLetters.Should().ContainSingle().Which.Queue.Should().Be("subscriber-dead-letter");
        Encoding.UTF8.GetString(_dapr.BrokerDeadLetters[0].Message).Should().Contain("failing");
    }

    /// <remarks>components-contrib pubsub/rabbitmq/rabbitmq.go: publish goes to the topic's fanout exchange; queues are declared and bound only in Subscribe.</remarks>
    [Fact]
    public async Task A_message_published_before_any_subscriber_declared_its_queue_is_lost()
    {
        await _dapr.PublishEventAsync(DaprComponents.PubSub, Orders, new Order("too-early"));
        await _dapr.SubscribeAppAsync(Subscriber);
        await _dapr.PublishEventAsync(DaprComponents.PubSub, Orders, new Order("in-time"));

        await _dapr.DeliverPendingAsync();

        _app.Received(Orders).Select(r => r.Body).Should().Equal("""{"orderId":"in-time"}""");
    }

    /// <remarks>dapr/dapr pkg/runtime/subscription/subscription.go sendToDeadLetter publishes to the topic's exchange like any publish; components-contrib pubsub/rabbitmq/rabbitmq.go.</remarks>
    [Fact]
    public async Task A_dead_letter_topic_nobody_subscribes_to_loses_the_message()
    {
        var orders = new SubscriberApp(deadLetterRoute: false);
        await orders.StartAsync();
        await using var _ = orders;
        _dapr.RegisterApp("orders-only", orders.Client);
        await _dapr.SubscribeAppAsync("orders-only");
        orders.Answer(Orders, _ => Results.Json(new { status = "DROP" }));

        await _dapr.PublishEventAsync(DaprComponents.PubSub, Orders, new Order("o-5"));
        var deliveries = await _dapr.DeliverPendingAsync();

        deliveries.Should().ContainSingle().Which.Outcome.Should().Be(DeliveryOutcome.DeadLettered, "the sidecar published it and acked the original");
        _dapr.QueuedMessages("orders-only-dead-letter").Should().Be(0);
        _dapr.BrokerDeadLetters.Should().BeEmpty("nothing keeps it: the exchange has no queue");
    }

    /// <remarks>components-contrib pubsub/rabbitmq/rabbitmq.go: durable queues with deletedWhenUnused false outlive their consumer.</remarks>
    [Fact]
    public async Task A_message_published_while_the_subscriber_is_away_waits_in_its_queue()
    {
        await _dapr.SubscribeAppAsync(Subscriber);
        _dapr.UnregisterApp(Subscriber);

        await _dapr.PublishEventAsync(DaprComponents.PubSub, Orders, new Order("while-away"));
        var whileAway = await _dapr.DeliverPendingAsync();
        var queued = _dapr.QueuedMessages("subscriber-orders");
        _dapr.RegisterApp(Subscriber, _app.Client);
        var back = await _dapr.DeliverPendingAsync();

        whileAway.Should().BeEmpty();
        queued.Should().Be(1);
        back.Should().ContainSingle().Which.Outcome.Should().Be(DeliveryOutcome.Succeeded);
        _app.Received(Orders).Select(r => r.Body).Should().Equal("""{"orderId":"while-away"}""");
    }

    /// <remarks>dapr/dapr pkg/runtime/subscription/postman/http/http.go: an app channel error is retriable; subscription.go then dead-letters it.</remarks>
    [Fact]
    public async Task An_app_that_does_not_answer_is_retried_then_dead_lettered()
    {
        await _dapr.SubscribeAppAsync(Subscriber);
        _dapr.RegisterApp(Subscriber, new HttpClient(new UnreachableHandler()) { BaseAddress = new Uri("http://subscriber/") });

        await _dapr.PublishEventAsync(DaprComponents.PubSub, Orders, new Order("unanswered"));
        var deliveries = await _dapr.DeliverPendingAsync();

        deliveries.Select(d => (d.Subscription.Topic, d.Attempts, d.Outcome)).Should().Equal(
            (Orders, 4, DeliveryOutcome.DeadLettered),
            (Topics.DeadLetter, 4, DeliveryOutcome.Nacked));
        _dapr.BrokerDeadLetters.Should().ContainSingle().Which.Queue.Should().Be("subscriber-dead-letter");
    }

    /// <remarks>dapr/dapr pkg/runtime/subscription/postman/http/http.go: the status must be exactly SUCCESS, RETRY or DROP; a body that does not decode skips the check.</remarks>
    [Theory]
    [InlineData("""{"status":"SUCCESS"}""", 1)]
    [InlineData("", 1)]
    [InlineData("accepted", 1)]
    [InlineData("""{"status":5}""", 1)]
    [InlineData("""{"status":"success"}""", 4)]
    [InlineData("""{"status":"RETRY"}""", 4)]
    public async Task The_apps_answer_is_read_the_way_daprd_reads_it(string body, int attempts)
    {
        await _dapr.SubscribeAppAsync(Subscriber);
        _app.Answer(Orders, _ => Results.Text(body, "application/json"));

        await _dapr.PublishEventAsync(DaprComponents.PubSub, Orders, new Order("o-6"));
        var delivery = (await _dapr.DeliverPendingAsync())[0];

        delivery.Attempts.Should().Be(attempts);
    }

    /// <remarks>components-contrib pubsub/envelope.go FromRawPayload; dotnet-sdk src/Dapr.AspNetCore/CloudEventsMiddleware.cs (data_base64).</remarks>
    [Fact]
    public async Task A_raw_payload_subscription_gets_the_brokers_bytes_untouched()
    {
        await _dapr.SubscribeAppAsync(Subscriber);

        await _dapr.PublishEventAsync(DaprComponents.PubSub, Topics.DeadLetter, new Order("raw"), new Dictionary<string, string> { ["cloudevent.id"] = "event-7" });
        await _dapr.DeliverPendingAsync();

        var received = _app.Received(Topics.DeadLetter).Should().ContainSingle().Subject;
        received.ContentType.Should().Be("application/octet-stream");
        var original = JsonDocument.Parse(received.Body).RootElement;
        original.GetProperty("id").GetString().Should().Be("event-7", "the body is the published CloudEvent itself");
        original.GetProperty("data").GetProperty("orderId").GetString().Should().Be("raw");
        var wrapper = JsonDocument.Parse(_app.Envelopes(Topics.DeadLetter).Single()).RootElement;
        wrapper.GetProperty("id").GetString().Should().NotBe("event-7", "the raw-payload wrapper has an id of its own");
        wrapper.GetProperty("datacontenttype").GetString().Should().Be("application/octet-stream");
    }

    /// <summary>What a route received: the body after UseCloudEvents, its content type and the sidecar's pubsubName header.</summary>
    private sealed record Delivered(string Body, string? ContentType, string? PubsubHeader);

    private sealed class UnreachableHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new HttpRequestException("connection refused");
    }

    /// <summary>
    /// A subscriber on a TestServer: <c>orders</c> (dead-lettering to <c>dead-letter</c>) and the dead-letter route,
    /// each answering with a scripted result per attempt (default 200 with SUCCESS), keeping what it got.
    /// </summary>
    private sealed class SubscriberApp(bool deadLetterRoute = true) : IAsyncDisposable
    {
        private readonly ConcurrentDictionary<string, List<Delivered>> _received = new();
        private readonly ConcurrentDictionary<string, List<string>> _envelopes = new();
        private readonly ConcurrentDictionary<string, Func<int, IResult>> _answers = new();
        private WebApplication? _app;

        public HttpClient Client { get; private set; } = null!;

        public void Answer(string topic, Func<int, IResult> answer) => _answers[topic] = answer;

        public IReadOnlyList<Delivered> Received(string topic) => _received.GetValueOrDefault(topic)?.ToList() ?? [];

        /// <summary>The raw request bodies (before UseCloudEvents) a route got.</summary>
        public IReadOnlyList<string> Envelopes(string topic) => _envelopes.GetValueOrDefault(topic)?.ToList() ?? [];

        public async Task StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseTestServer();
            builder.Services.AddRouting();
            _app = builder.Build();
            _app.Use(async (context, next) =>
            {
                // Keep the envelope as the sidecar sent it, before UseCloudEvents rewrites the body.
                context.Request.EnableBuffering();
                using var reader = new StreamReader(context.Request.Body, Encoding.UTF8, leaveOpen: true);
                var raw = await reader.ReadToEndAsync();
                context.Request.Body.Position = 0;
                context.Items["envelope"] = raw;
                await next();
            });
            _app.UseCloudEvents();
            _app.MapSubscribeHandler();
            _app.MapSubscription(Orders, "/events/orders", (HttpContext context) => HandleAsync(Orders, context));
            if (deadLetterRoute)
            {
                _app.MapDeadLetterSubscription("/events/dead-letter", (HttpContext context) => HandleAsync(Topics.DeadLetter, context));
            }

            await _app.StartAsync();
            Client = _app.GetTestClient();
        }

        public async ValueTask DisposeAsync()
        {
            if (_app is not null)
            {
                await _app.DisposeAsync();
            }
        }

        private async Task<IResult> HandleAsync(string topic, HttpContext context)
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var received = _received.GetOrAdd(topic, _ => []);
            int attempt;
            lock (received)
            {
                received.Add(new Delivered(body, context.Request.ContentType, context.Request.Headers["pubsubName"].FirstOrDefault()));
                attempt = received.Count;
            }

            var envelopes = _envelopes.GetOrAdd(topic, _ => []);
            lock (envelopes)
            {
                envelopes.Add((string)context.Items["envelope"]!);
            }

            return _answers.TryGetValue(topic, out var answer) ? answer(attempt) : Results.Json(new { status = "SUCCESS" });
        }
    }
}
