using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Growbin.Contracts;
using Growbin.Contracts.Events;
using Growbin.TaskScheduler.Apis;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Hosting;
using Microsoft.AspNetCore.Http;
using Prometheus;

namespace Growbin.TaskScheduler.Tests;

/// <summary>
/// task-scheduler's dead-letter subscription: a message another app's sidecar gave up on is stored once per event id
/// with its original topic, counted in growbin_dead_letters_total{topic}, and readable at /internal/dead-letters.
/// Deliveries go through the Dapr double's pub/sub (retries, DROP, dead-letter publish of the original message).
/// </summary>
public sealed class DeadLetterTests : IAsyncLifetime
{
    private readonly SchedulerSystem _system = new();
    private GrowbinAppFactory<Program> _scheduler = null!;

    public Task InitializeAsync()
    {
        _scheduler = _system.Replica("pod-a");
        _system.Dapr.RegisterApp(AppIds.TaskScheduler, _scheduler.CreateClient());
        _system.Dapr.PublisherAppId = AppIds.UserInfo;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _system.DisposeAsync();

    [Fact]
    public async Task The_dead_letter_subscription_is_raw_and_has_no_dead_letter_topic_of_its_own()
    {
        var subscriptions = await _system.Dapr.SubscribeAppAsync(AppIds.TaskScheduler);

        subscriptions.Should().ContainSingle().Which.Should().Be(new SidecarSubscription(
            AppIds.TaskScheduler, DaprComponents.PubSub, Topics.DeadLetter, DeadLettersApi.SubscriptionRoute, DeadLetterTopic: null, RawPayload: true));
    }

    [Fact]
    public async Task An_event_a_subscriber_keeps_refusing_is_retried_then_stored_with_its_original_topic_and_counted()
    {
        await using var auth = await SubscribeAsync(AppIds.Auth, Topics.UserDeleted);
        var before = Counted(Topics.UserDeleted);
        _system.Dapr.SubscriberDeliveryRetries = 3;

        await PublishUserDeletedAsync("event-refused");
        var deliveries = await _system.Dapr.DeliverPendingAsync();

        auth.Attempts.Should().Be(4);
        deliveries.Select(d => (d.Subscription.AppId, d.Outcome)).Should().Equal(
            (AppIds.Auth, DeliveryOutcome.DeadLettered), (AppIds.TaskScheduler, DeliveryOutcome.Succeeded));
        var letter = (await ReadAsync()).Should().ContainSingle().Subject;
        letter.GetProperty("eventId").GetString().Should().Be("event-refused");
        letter.GetProperty("topic").GetString().Should().Be(Topics.UserDeleted);
        letter.GetProperty("pubSub").GetString().Should().Be(DaprComponents.PubSub);
        letter.GetProperty("type").GetString().Should().Be("com.dapr.event.sent");
        letter.GetProperty("source").GetString().Should().Be(AppIds.UserInfo);
        letter.GetProperty("receivedAt").GetDateTimeOffset().Should().Be(SchedulerSystem.Start);
        letter.GetProperty("event").GetProperty("data").GetProperty("userId").GetString().Should().Be("7d9f5b0e-0000-4000-8000-000000000001");
        Counted(Topics.UserDeleted).Should().Be(before + 1);
        _system.Dapr.BrokerDeadLetters.Should().BeEmpty();
    }

    [Fact]
    public async Task The_stored_event_is_the_original_message_byte_for_byte()
    {
        await using var auth = await SubscribeAsync(AppIds.Auth, Topics.UserDeleted);
        auth.Answer = () => Results.Json(new { status = "DROP" });

        await PublishUserDeletedAsync("event-dropped");
        await _system.Dapr.DeliverPendingAsync();

        auth.Attempts.Should().Be(1, "DROP dead-letters at once");
        var database = await _system.DatabaseAsync();
        var stored = await database.ScalarAsync<string>("SELECT raw_event FROM growbin.dead_letters WHERE event_id = $1", "event-dropped");
        var original = JsonDocument.Parse(stored!).RootElement;
        original.GetProperty("id").GetString().Should().Be("event-dropped");
        original.GetProperty("topic").GetString().Should().Be(Topics.UserDeleted);
        original.GetProperty("data").GetProperty("userId").GetString().Should().Be("7d9f5b0e-0000-4000-8000-000000000001");
    }

    [Fact]
    public async Task Two_subscribers_refusing_the_same_event_leave_one_dead_letter()
    {
        // The message does not say which subscriber gave up, so the event id is the key (see the README).
        await using var auth = await SubscribeAsync(AppIds.Auth, Topics.UserDeleted);
        await using var chat = await SubscribeAsync(AppIds.ChatLlm, Topics.UserDeleted);
        auth.Answer = chat.Answer = () => Results.Json(new { status = "DROP" });
        var before = Counted(Topics.UserDeleted);

        await PublishUserDeletedAsync("event-twice");
        var deliveries = await _system.Dapr.DeliverPendingAsync();

        deliveries.Count(d => d.Subscription.AppId == AppIds.TaskScheduler && d.Outcome == DeliveryOutcome.Succeeded).Should().Be(2);
        (await ReadAsync()).Should().ContainSingle();
        Counted(Topics.UserDeleted).Should().Be(before + 1, "a dead letter already stored is not counted again");
    }

    [Fact]
    public async Task A_redelivered_dead_letter_stores_nothing_new()
    {
        var message = Original("event-again", Topics.ScanCompleted);
        var before = Counted(Topics.ScanCompleted);

        var first = await PostDeadLetterAsync(message);
        var second = await PostDeadLetterAsync(message);

        (await StatusOf(first)).Should().Be("SUCCESS");
        (await StatusOf(second)).Should().Be("SUCCESS");
        (await ReadAsync()).Should().ContainSingle();
        Counted(Topics.ScanCompleted).Should().Be(before + 1);
    }

    [Fact]
    public async Task A_database_outage_answers_retry_stores_nothing_and_the_redelivery_stores_it()
    {
        var database = await _system.DatabaseAsync();
        var outage = database.Binding.DropConnectionAt(s => s.Sql.Contains("growbin.dead_letters", StringComparison.Ordinal));
        var message = Original("event-outage", Topics.UserDeleted);
        var before = Counted(Topics.UserDeleted);

        var refused = await PostDeadLetterAsync(message);
        var storedDuringOutage = await database.ScalarAsync<long>("SELECT count(*) FROM growbin.dead_letters");
        outage.Dispose();
        var redelivered = await PostDeadLetterAsync(message);

        refused.StatusCode.Should().Be(HttpStatusCode.InternalServerError, "the sidecar retries a 5xx");
        (await StatusOf(refused)).Should().Be("RETRY");
        storedDuringOutage.Should().Be(0);
        (await StatusOf(redelivered)).Should().Be("SUCCESS");
        (await ReadAsync()).Should().ContainSingle().Which.GetProperty("eventId").GetString().Should().Be("event-outage");
        Counted(Topics.UserDeleted).Should().Be(before + 1);
    }

    [Fact]
    public async Task A_dead_letter_that_is_not_a_cloud_event_is_kept_as_text_under_the_hash_of_its_bytes()
    {
        var before = Counted("other");
        var message = Encoding.UTF8.GetBytes("not json at all \0 with a NUL");

        var response = await PostDeadLetterAsync(message);

        (await StatusOf(response)).Should().Be("SUCCESS");
        var letter = (await ReadAsync()).Should().ContainSingle().Subject;
        letter.GetProperty("eventId").GetString().Should().Be("sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(message)));
        letter.GetProperty("topic").ValueKind.Should().Be(JsonValueKind.Null);
        letter.GetProperty("event").GetString().Should().Be("not json at all \uFFFD with a NUL");
        Counted("other").Should().Be(before + 1, "a message without a Growbin topic is counted as other");
    }

    [Fact]
    public async Task A_dead_letter_from_a_topic_that_is_not_ours_is_counted_as_other()
    {
        var before = Counted("other");

        await PostDeadLetterAsync(Original("event-foreign", "someone-elses-topic"));

        (await ReadAsync()).Single().GetProperty("topic").GetString().Should().Be("someone-elses-topic");
        Counted("other").Should().Be(before + 1);
    }

    [Fact]
    public async Task The_read_lists_the_newest_first_and_honours_the_limit()
    {
        foreach (var id in new[] { "first", "second", "third" })
        {
            await PostDeadLetterAsync(Original(id, Topics.ScanCompleted));
            _system.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        (await ReadAsync("?limit=2")).Select(l => l.GetProperty("eventId").GetString()).Should().Equal("third", "second");
        (await ReadAsync()).Should().HaveCount(3);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("ten")]
    [InlineData("-1")]
    public async Task A_bad_limit_is_a_validation_problem(string limit)
    {
        var response = await _scheduler.CreateClient().GetAsync($"{DeadLettersApi.ReadRoute}?limit={limit}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("limit", out _).Should().BeTrue();
    }

    [Fact]
    public async Task With_an_app_token_only_the_sidecar_may_deliver_or_read_dead_letters()
    {
        await using var guarded = new GrowbinAppFactory<Program>(_system.Dapr).WithSetting("APP_API_TOKEN", "scheduler-token");
        var client = guarded.CreateClient();

        var delivery = await client.PostAsync(DeadLettersApi.SubscriptionRoute, CloudEvents.RawPayloadContent(Topics.DeadLetter, Original("event-intruder", Topics.UserDeleted)));
        var read = await client.GetAsync(DeadLettersApi.ReadRoute);

        delivery.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        read.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await _system.StatementsAsync("growbin.dead_letters")).Should().Be(0, "nothing reached the database");
    }

    private async Task<RefusingSubscriber> SubscribeAsync(string appId, string topic)
    {
        var subscriber = await RefusingSubscriber.StartAsync(topic);
        _system.Dapr.RegisterApp(appId, subscriber.Client);
        await _system.Dapr.SubscribeAppAsync(appId);
        await _system.Dapr.SubscribeAppAsync(AppIds.TaskScheduler);
        return subscriber;
    }

    private Task PublishUserDeletedAsync(string eventId) =>
        _system.Dapr.PublishEventAsync(DaprComponents.PubSub, Topics.UserDeleted,
            new UserDeleted(Guid.NewGuid(), SchedulerSystem.Start, "7d9f5b0e-0000-4000-8000-000000000001"),
            new Dictionary<string, string> { ["cloudevent.id"] = eventId });

    /// <summary>A message as the broker holds it after <paramref name="topic"/>'s publisher's sidecar wrapped it.</summary>
    private static byte[] Original(string eventId, string topic) =>
        CloudEvents.Published(eventId, AppIds.UserInfo, topic, DaprComponents.PubSub,
            JsonSerializer.SerializeToElement(new { userId = "someone" }), SchedulerSystem.Start);

    /// <summary>POSTs a dead letter to the route as the sidecar delivers it on the raw dead-letter subscription.</summary>
    private Task<HttpResponseMessage> PostDeadLetterAsync(byte[] message) =>
        _scheduler.CreateClient().PostAsync(DeadLettersApi.SubscriptionRoute, CloudEvents.RawPayloadContent(Topics.DeadLetter, message));

    private static async Task<string?> StatusOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString();

    private async Task<List<JsonElement>> ReadAsync(string query = "")
    {
        var response = await _scheduler.CreateClient().GetAsync(DeadLettersApi.ReadRoute + query);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray().ToList();
    }

    private static double Counted(string topic) =>
        Metrics.CreateCounter("growbin_dead_letters_total", "", "topic").WithLabels(topic).Value;
}
