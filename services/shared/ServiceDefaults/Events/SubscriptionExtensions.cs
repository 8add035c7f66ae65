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
}
