using Growbin.Contracts.Events;
using Growbin.ServiceDefaults.Events;
using Growbin.WasteApi.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Growbin.WasteApi.Apis;

/// <summary>Events waste-api subscribes to.</summary>
public static class EventsApi
{
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapUserDeletedSubscription(OnUserDeletedAsync)
            .WithName("ForgetDeletedUsersSubmissions")
            .WithSummary("user-deleted subscription: the account's Idempotency-Keys and scan counts are deleted.");
        return routes;
    }

    // Idempotent by nature: deleting what is already gone changes nothing. A store failure is a 500: redelivered.
    private static async Task<Ok> OnUserDeletedAsync(UserDeleted @event, AccountPurge purge, CancellationToken cancellationToken)
    {
        await purge.ForgetAsync(@event.UserId, cancellationToken);
        return TypedResults.Ok();
    }
}
