using Growbin.Contracts;
using Growbin.ServiceDefaults.Events;
using Growbin.UserInfo.Events;

namespace Growbin.UserInfo.Apis;

/// <summary>Events userinfo subscribes to (see <see cref="SubscriptionExtensions.MapSubscription"/> for who may call).</summary>
public static class EventsApi
{
    public const string ScanCompletedRoute = "/events/scan-completed";

    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapSubscription(Topics.ScanCompleted, ScanCompletedRoute,
                (HttpRequest request, ScanCompletedHandler handler, CancellationToken cancellationToken) =>
                    handler.HandleAsync(request, cancellationToken))
            .WithName("OnScanCompleted")
            .WithSummary("scan-completed subscription: records the scan in its user's history.");
        return routes;
    }
}
