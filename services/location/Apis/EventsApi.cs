using Growbin.Contracts.Events;
using Growbin.Location.Search;
using Growbin.ServiceDefaults.Events;
using Growbin.ServiceDefaults.Quotas;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Growbin.Location.Apis;

/// <summary>Events location subscribes to.</summary>
public static class EventsApi
{
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapUserDeletedSubscription(OnUserDeletedAsync)
            .WithName("ForgetDeletedUsersSearches")
            .WithSummary("user-deleted subscription: the account's daily search counts are deleted.");
        return routes;
    }

    /// <summary>
    /// The search counts are all location keeps of a user: Kakao answers are cached by query and rounded position, for
    /// everyone, with no user in the key or the value. Idempotent by nature.
    /// </summary>
    private static async Task<Ok> OnUserDeletedAsync(
        UserDeleted @event, [FromKeyedServices(LocationSearch.QuotaName)] DailyQuota searches, CancellationToken cancellationToken)
    {
        await searches.ForgetAsync(@event.UserId, cancellationToken);
        return TypedResults.Ok();
    }
}
