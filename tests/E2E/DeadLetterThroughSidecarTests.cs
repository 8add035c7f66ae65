using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Growbin.Contracts;

namespace Growbin.E2E.Tests;

/// <summary>
/// A dead letter through real sidecars and RabbitMQ: an event published through scan-pipeline's sidecar that userinfo
/// refuses (DROP: its scan id can never be recorded) is published by userinfo's sidecar to <c>dead-letter</c> and
/// acked (dapr/dapr pkg/runtime/subscription/subscription.go), and task-scheduler's dead-letter subscription stores it
/// with its original topic, read back through task-scheduler's <c>/internal/dead-letters</c> by service invocation.
/// </summary>
[Collection(RunningSystemCollection.Name)]
public sealed class DeadLetterThroughSidecarTests(RunningSystem system)
{
    /// <summary>A bound on waiting for the delivery chain, not a speed check: DROP dead-letters at once.</summary>
    private static readonly TimeSpan DeliveryDeadline = TimeSpan.FromMinutes(2);

    [DaprdFact]
    public async Task An_event_a_subscriber_refuses_ends_up_in_the_dead_letter_store_with_its_original_topic()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        foreach (var appId in new[] { AppIds.UserInfo, AppIds.TaskScheduler, AppIds.ScanPipeline })
        {
            // Ready means the sidecar answers the app, so it has read /dapr/subscribe and subscribed.
            (await Eventually.GetAsync(http, $"{Invoke(appId)}/readyz")).Should().Be(HttpStatusCode.OK, $"{appId} is ready");
        }

        var eventId = "e2e-dead-letter-" + Guid.NewGuid().ToString("N");
        var refused = new
        {
            id = Guid.NewGuid(),
            occurredAt = DateTimeOffset.UtcNow,
            scanId = "not-a-scan-id",
            userId = Guid.NewGuid().ToString(),
            itemId = (string?)null,
            itemName = "우유팩",
            category = "paper-pack",
            answerSummary = "e2e",
            imageKey = "images/e2e.jpg",
            completedAt = DateTimeOffset.UtcNow,
        };

        // The publish API takes the CloudEvent id from metadata.cloudevent.id (dapr/dapr pkg/runtime/pubsub/cloudevents.go).
        using var published = await http.PostAsJsonAsync(
            $"http://127.0.0.1:{system.SidecarPorts[AppIds.ScanPipeline]}/v1.0/publish/{DaprComponents.PubSub}/{Topics.ScanCompleted}?metadata.cloudevent.id={eventId}",
            refused);
        published.StatusCode.Should().Be(HttpStatusCode.NoContent, await published.Content.ReadAsStringAsync());

        var (stored, letters) = await Eventually.UntilAsync(
            async ct => await http.GetFromJsonAsync<JsonElement>($"{Invoke(AppIds.TaskScheduler)}/internal/dead-letters?limit=100", ct),
            page => Find(page, eventId) is not null, DeliveryDeadline);

        stored.Should().BeTrue($"the refused event reaches the dead-letter store (last read: {letters})");
        var letter = Find(letters, eventId)!.Value;
        letter.GetProperty("topic").GetString().Should().Be(Topics.ScanCompleted, "the dead letter is the original message, naming its topic");
        letter.GetProperty("pubSub").GetString().Should().Be(DaprComponents.PubSub);
        letter.GetProperty("source").GetString().Should().Be(AppIds.ScanPipeline, "the publishing sidecar's app id");
        letter.GetProperty("event").GetProperty("data").GetProperty("scanId").GetString().Should().Be("not-a-scan-id");
    }

    private string Invoke(string appId) =>
        $"http://127.0.0.1:{system.SidecarPorts[appId]}/v1.0/invoke/{appId}/method";

    private static JsonElement? Find(JsonElement page, string eventId) =>
        page.ValueKind == JsonValueKind.Object
            ? page.GetProperty("items").EnumerateArray().Cast<JsonElement?>().FirstOrDefault(l => l!.Value.GetProperty("eventId").GetString() == eventId)
            : null;
}
