using Dapr;
using Growbin.Auth.Tokens;
using Growbin.Contracts;
using Growbin.Contracts.Events;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Growbin.Auth.Apis;

/// <summary>
/// Events auth subscribes to. The caller is auth's own sidecar, so no user token; in Kubernetes the Dapr app API
/// token keeps anyone else out, and the Ingress only routes /api/v1/auth here.
/// </summary>
public static class EventsApi
{
    public const string UserDeletedRoute = "/events/user-deleted";

    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(UserDeletedRoute, OnUserDeleted)
            .WithTopic(new TopicOptions
            {
                PubsubName = DaprComponents.PubSub,
                Name = Topics.UserDeleted,
                DeadLetterTopic = Topics.DeadLetter,
            })
            .AllowAnonymous()
            .WithName("OnUserDeleted")
            .WithSummary("user-deleted subscription: the account's refresh tokens stop working.")
            .ExcludeFromDescription();

        return routes;
    }

    // Idempotent by nature: marking the same user twice changes nothing.
    private static async Task<Ok> OnUserDeleted(UserDeleted @event, TokenService tokens, CancellationToken cancellationToken)
    {
        await tokens.ForgetUserAsync(@event.UserId, cancellationToken);
        return TypedResults.Ok();
    }
}
