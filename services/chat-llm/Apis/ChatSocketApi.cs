using System.Security.Claims;
using Growbin.Knowledge;
using Growbin.ChatLlm.Chat;
using Growbin.ServiceDefaults.RateLimiting;
using Microsoft.AspNetCore.Http.Timeouts;

namespace Growbin.ChatLlm.Apis;

/// <summary>
/// WebSocket <c>/api/v1/chat/ws</c>: the upgrade request is authenticated like any other call (Bearer header;
/// 401 before any upgrade) and counted against the user's open streams (429 before any upgrade), then the socket
/// carries JSON messages in and streamed answers out (<see cref="ChatSocketSession"/>).
/// </summary>
public static class ChatSocketApi
{
    public const string Path = ConversationsApi.Prefix + "/ws";

    public static IEndpointRouteBuilder MapChatSocketApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(Path, AcceptAsync)
            .WithMetadata(new DisableRequestTimeoutAttribute()) // the socket lives as long as its session
            .WithTags("chat")
            .RequireAuthorization()
            .RequireRateLimiting(RateLimitPolicies.PerUser)
            .WithName("ChatSocket")
            .WithSummary("WebSocket chat: send {conversationId?, message, scanId?} frames; receive delta frames, then done (or error).")
            .Produces(StatusCodes.Status101SwitchingProtocols)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return routes;
    }

    /// <summary>
    /// Before any upgrade: a WebSocket request, a token that still stands (<see cref="ChatSocketAccess"/>: a deleted
    /// account's is refused here too) and a free stream slot (<c>RateLimiting:Streams:MaxPerUser</c>, shared with the
    /// SSE answers; 429 otherwise). The slot is held until the session ends, however it ends.
    /// </summary>
    private static async Task<IResult> AcceptAsync(
        HttpContext context, ChatAssistant assistant, ChatSocketAccess access, StreamSlots slots,
        TimeProvider time, ILoggerFactory loggers)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "WebSocket upgrade expected",
                detail: $"Open {Path} as a WebSocket (GET with Upgrade: websocket), or POST to {ConversationsApi.Prefix}/message.");
        }

        ChatProblem? refusal;
        try
        {
            refusal = await access.RefusalAsync(context.User, context.RequestAborted);
        }
        catch (Dapr.DaprException)
        {
            refusal = ChatProblems.TokenUncheckable();
        }

        if (refusal is not null)
        {
            return refusal.ToResult(context);
        }

        using var slot = slots.TryAcquire(context.User.FindFirstValue("sub")!);
        if (slot is null)
        {
            return slots.Refusal(context);
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var session = new ChatSocketSession(socket, context.User, context.Request.Headers.Authorization.ToString(),
            TextLanguages.FromAcceptLanguage(context.Request.Headers.AcceptLanguage), assistant, access, time, loggers.CreateLogger<ChatSocketSession>());
        await session.RunAsync(context.RequestAborted);
        return Results.Empty;
    }
}
