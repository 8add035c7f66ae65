namespace Growbin.TestSupport.Dapr;

/// <summary>What became of one broker message handed to a subscription (see <see cref="InMemoryDaprClient.DeliverPendingAsync"/>).</summary>
public enum DeliveryOutcome
{
    /// <summary>The app answered success (2xx with SUCCESS, an empty status, or a body that is not a status): acked.</summary>
    Succeeded,

    /// <summary>DROP (or 404) and no dead-letter topic: acked, gone.</summary>
    Dropped,

    /// <summary>Published to the subscription's dead-letter topic (after DROP, or once the retries ran out), then acked.</summary>
    DeadLettered,

    /// <summary>Retries ran out and there was no dead-letter topic (or publishing to it failed): NACKed without requeue,
    /// so RabbitMQ moves it to the queue's <c>dlq-</c> queue (<see cref="InMemoryDaprClient.BrokerDeadLetters"/>).</summary>
    Nacked,
}

/// <summary>One message's delivery to a subscription: how many times the app was called and how it ended.</summary>
/// <param name="EventId">The broker message's CloudEvent id (null if it has none).</param>
public sealed record PubSubDelivery(SidecarSubscription Subscription, string? EventId, int Attempts, DeliveryOutcome Outcome);

/// <summary>A message RabbitMQ dead-lettered itself: NACKed from <paramref name="Queue"/>, kept in <c>dlq-{Queue}</c>.</summary>
public sealed record BrokerDeadLetter(string Queue, byte[] Message);
