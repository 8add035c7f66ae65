using Growbin.ChatLlm.Conversations;
using Growbin.ChatLlm.CostGuard;
using Growbin.Contracts.Events;
using Growbin.ServiceDefaults.Events;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Growbin.ChatLlm.Apis;

/// <summary>Events chat-llm subscribes to.</summary>
public static class EventsApi
{
    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapUserDeletedSubscription(OnUserDeleted)
            .WithName("ForgetDeletedUsersChats")
            .WithSummary("user-deleted subscription: the account's conversations and quota counts are deleted.");
        return routes;
    }

    // Idempotent: deleting what is already gone changes nothing, so a redelivery is harmless.
    private static async Task<Ok> OnUserDeleted(
        UserDeleted @event, ConversationIndex conversations, ChatTokenQuota quota, CancellationToken cancellationToken)
    {
        await conversations.ForgetUserAsync(@event.UserId, cancellationToken);
        await quota.ForgetUserAsync(@event.UserId, cancellationToken);
        return TypedResults.Ok();
    }
}
