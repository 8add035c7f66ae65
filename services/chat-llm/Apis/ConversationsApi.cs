using System.Security.Claims;
using Growbin.ChatLlm.Chat;
using Growbin.ChatLlm.Conversations;
using Growbin.ChatLlm.Responses;
using Growbin.ServiceDefaults.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Growbin.ChatLlm.Apis;

/// <summary>Reading a conversation back (ARCHITECTURE §2). Only its owner sees it; to anyone else it does not exist.</summary>
public static class ConversationsApi
{
    public const string Prefix = "/api/v1/chat";

    public static IEndpointRouteBuilder MapConversationsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup(Prefix)
            .WithTags("chat")
            .RequireAuthorization()
            .RequireRateLimiting(RateLimitPolicies.PerUser)
            .MapGet("/conversations/{id}", GetConversationAsync)
            .WithName("GetConversation")
            .WithSummary("A conversation's remembered turns, oldest first (by default the last 20, kept 7 days after the last message). Owner only.")
            .Produces<ConversationResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        return routes;
    }

    private static async Task<Results<Ok<ConversationResponse>, ValidationProblem, ProblemHttpResult>> GetConversationAsync(
        string id, ClaimsPrincipal user, ConversationStore conversations, HttpContext context, CancellationToken cancellationToken)
    {
        // Private chat: no shared cache may keep it, nor a 404 that would outlive the conversation's creation.
        context.Response.Headers.CacheControl = "no-store";

        if (!ConversationId.IsValid(id))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["id"] = [$"id must be {ConversationId.Length} lower-case hex digits, as the chat returned it."],
            });
        }

        var conversation = user.FindFirstValue("sub") is { Length: > 0 } userId
            ? await conversations.GetAsync(id, userId, cancellationToken)
            : null;
        return conversation is null
            ? TypedResults.Problem(ChatProblems.ConversationNotFound().ToProblemDetails())
            : TypedResults.Ok(ConversationResponse.From(conversation));
    }
}
