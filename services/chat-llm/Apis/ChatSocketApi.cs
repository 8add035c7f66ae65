using Growbin.ChatLlm.Chat;
using Growbin.ServiceDefaults.RateLimiting;

namespace Growbin.ChatLlm.Apis;

/// <summary>
/// WebSocket <c>/api/v1/chat/ws</c>: the upgrade request is authenticated like any other call (Bearer header;
/// 401 before any upgrade), then the socket carries JSON messages in and streamed answers out
/// (<see cref="ChatSocketSession"/>).
/// </summary>
public static class ChatSocketApi
{
    public const string Path = ConversationsApi.Prefix + "/ws";

    public static IEndpointRouteBuilder MapChatSocketApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(Path, AcceptAsync)
            .WithTags("chat")
            .RequireAuthorization()
            .RequireRateLimiting(RateLimitPolicies.PerUser)
            .WithName("ChatSocket")
            .WithSummary("WebSocket chat: send {conversationId?, message, scanId?} frames; receive delta frames, then done (or error).")
            .Produces(StatusCodes.Status101SwitchingProtocols)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return routes;
    }

    private static async Task<IResult> AcceptAsync(HttpContext context, ChatAssistant assistant, TimeProvider time, ILoggerFactory loggers)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "WebSocket upgrade expected",
                detail: $"Open {Path} as a WebSocket (GET with Upgrade: websocket), or POST to {ConversationsApi.Prefix}/message.");
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var session = new ChatSocketSession(socket, context.User, context.Request.Headers.Authorization.ToString(), assistant, time,
            loggers.CreateLogger<ChatSocketSession>());
        await session.RunAsync(context.RequestAborted);
        return Results.Empty;
    }
}
