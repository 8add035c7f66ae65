using Dapr;
using Growbin.Contracts;
using Growbin.ServiceDefaults.Sidecar;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Growbin.ServiceDefaults.Events;

/// <summary>How every Growbin app subscribes to a topic, so none forgets the dead-letter topic.</summary>
public static class SubscriptionExtensions
{
    /// <summary>The route every app that keeps something of a user receives <see cref="Topics.UserDeleted"/> on.</summary>
    public const string UserDeletedRoute = "/events/user-deleted";

    /// <summary>
    /// Subscribes <paramref name="handler"/> to <see cref="Topics.UserDeleted"/> on <see cref="UserDeletedRoute"/>, as
    /// <see cref="MapSubscription"/> does (dead-lettered, sidecar-only). The handler erases what its app keeps of the user
    /// and must be safe to run twice: the sidecar redelivers.
    /// </summary>
    public static RouteHandlerBuilder MapUserDeletedSubscription(this IEndpointRouteBuilder routes, Delegate handler) =>
        routes.MapSubscription(Topics.UserDeleted, UserDeletedRoute, handler);

    /// <summary>
    /// Maps <paramref name="route"/> as the sidecar's delivery route for <paramref name="topic"/> on
    /// <see cref="DaprComponents.PubSub"/> (listed by <c>GET /dapr/subscribe</c>), dead-lettering to
    /// <see cref="Topics.DeadLetter"/>. The caller is the app's own sidecar, so no user token is asked for; the route is
    /// sidecar-only (<see cref="SidecarRoutes.RequireSidecar{TBuilder}"/>: the Dapr app API token when it is configured),
    /// and the Ingress never routes these paths.
    /// </summary>
    public static RouteHandlerBuilder MapSubscription(this IEndpointRouteBuilder routes, string topic, string route, Delegate handler) =>
        routes.MapPost(route, handler)
            .WithTopic(new TopicOptions
            {
                PubsubName = DaprComponents.PubSub,
                Name = topic,
                DeadLetterTopic = Topics.DeadLetter,
            })
            .AllowAnonymous()
            .RequireSidecar()
            .ExcludeFromDescription();

    /// <summary>
    /// Maps <paramref name="route"/> as the delivery route for <see cref="Topics.DeadLetter"/>: the one subscription
    /// with no dead-letter topic of its own, so a message it cannot take is never published back to itself. After the
    /// inbound retries the sidecar then NACKs it (dapr/dapr pkg/runtime/subscription/subscription.go: no dead-letter
    /// topic → the error goes back to the component), and with <c>enableDeadLetter</c> RabbitMQ moves it to the
    /// queue's own dead-letter queue <c>dlq-{appId}-dead-letter</c> (components-contrib pubsub/rabbitmq/rabbitmq.go).
    /// <para>
    /// Raw payload: a dead letter is the original message as the broker held it (the publisher's CloudEvent, whose
    /// <c>topic</c> is still the original topic). With <c>rawPayload</c> the sidecar wraps those bytes untouched as
    /// <c>data_base64</c> of a new CloudEvent (components-contrib pubsub/envelope.go FromRawPayload), and
    /// <c>UseCloudEvents</c> hands the handler exactly those bytes as the request body (content type
    /// <c>application/octet-stream</c>). Without it the middleware would pass on only the original's <c>data</c>.
    /// </para>
    /// </summary>
    public static RouteHandlerBuilder MapDeadLetterSubscription(this IEndpointRouteBuilder routes, string route, Delegate handler) =>
        routes.MapPost(route, handler)
            .WithTopic(new TopicOptions
            {
                PubsubName = DaprComponents.PubSub,
                Name = Topics.DeadLetter,
                EnableRawPayload = true,
            })
            .AllowAnonymous()
            .RequireSidecar()
            .ExcludeFromDescription();
}
