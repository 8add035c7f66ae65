using Dapr;
using Growbin.Contracts;
using Growbin.UserInfo.Events;

namespace Growbin.UserInfo.Apis;

/// <summary>
/// Routes the sidecar delivers subscribed events to (listed for it by GET /dapr/subscribe). They take no user token:
/// the caller is the app's own sidecar. In Kubernetes the Dapr app API token (dapr.io/app-token-secret) is what keeps
/// anyone else from posting here, and the Ingress only routes /api/v1/users to this app.
/// </summary>
public static class EventsApi
{
    public const string ScanCompletedRoute = "/events/scan-completed";

    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(ScanCompletedRoute, (HttpRequest request, ScanCompletedHandler handler, CancellationToken cancellationToken) =>
                handler.HandleAsync(request, cancellationToken))
            .WithTopic(new TopicOptions
            {
                PubsubName = DaprComponents.PubSub,
                Name = Topics.ScanCompleted,
                DeadLetterTopic = Topics.DeadLetter,
            })
            .AllowAnonymous()
            .WithName("OnScanCompleted")
            .WithSummary("scan-completed subscription: records the scan in its user's history.")
            .ExcludeFromDescription();

        return routes;
    }
}
