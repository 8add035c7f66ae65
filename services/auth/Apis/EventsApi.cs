using Growbin.Auth.Tokens;
using Growbin.Contracts.Events;
using Growbin.ServiceDefaults.Events;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Growbin.Auth.Apis;

/// <summary>Events auth subscribes to.</summary>
public static class EventsApi
{
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapUserDeletedSubscription(OnUserDeleted)
            .WithName("OnUserDeleted")
            .WithSummary("user-deleted subscription: the account's refresh tokens stop working.");
        return routes;
    }

    // Idempotent by nature: marking the same user twice changes nothing.
    private static async Task<Ok> OnUserDeleted(UserDeleted @event, TokenService tokens, CancellationToken cancellationToken)
    {
        await tokens.ForgetUserAsync(@event.UserId, cancellationToken);
        return TypedResults.Ok();
    }
}
