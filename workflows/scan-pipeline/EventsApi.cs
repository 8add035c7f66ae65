using Growbin.Contracts.Events;
using Growbin.ServiceDefaults.Events;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Growbin.ScanPipeline;

/// <summary>Events scan-pipeline subscribes to.</summary>
public static class EventsApi
{
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapUserDeletedSubscription(OnUserDeletedAsync)
            .WithName("ForgetDeletedUsersScans")
            .WithSummary("user-deleted subscription: the account's workflows, kept outcomes and upload results are deleted.");
        return routes;
    }

    // Idempotent by nature (what is gone stays gone); a failure is a 500, so the sidecar redelivers and the rest is done.
    private static async Task<Ok> OnUserDeletedAsync(UserDeleted @event, ScanPurge purge, CancellationToken cancellationToken)
    {
        await purge.ForgetAsync(@event.UserId, cancellationToken);
        return TypedResults.Ok();
    }
}
