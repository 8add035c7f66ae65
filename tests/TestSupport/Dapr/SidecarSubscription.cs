namespace Growbin.TestSupport.Dapr;

/// <summary>
/// One subscription an app declared at <c>GET /dapr/subscribe</c>, as its sidecar keeps it (dapr/dapr
/// pkg/runtime/pubsub/subscriptions.go GetSubscriptionsHTTP): the route is the v1 <c>route</c> or v2 <c>routes.default</c>.
/// </summary>
/// <param name="RawPayload">Metadata <c>rawPayload: "true"</c>: the route gets the broker's bytes as <c>data_base64</c>.</param>
public sealed record SidecarSubscription(string AppId, string PubsubName, string Topic, string Route, string? DeadLetterTopic, bool RawPayload)
{
    /// <summary>
    /// The RabbitMQ queue the sidecar's component declares for it: <c>{consumerID}-{topic}</c>, consumerID defaulting
    /// to the app id (components-contrib pubsub/rabbitmq/rabbitmq.go Subscribe; dapr/dapr pkg/runtime/processor/pubsub/pubsub.go).
    /// </summary>
    public string QueueName => $"{AppId}-{Topic}";
}
