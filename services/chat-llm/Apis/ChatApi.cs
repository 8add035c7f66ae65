using System.Security.Claims;
using System.Text.Json;
using Growbin.Knowledge;
using Growbin.ChatLlm.Chat;
using Growbin.ChatLlm.Requests;
using Growbin.ChatLlm.Responses;
using Growbin.ServiceDefaults.Limits;
using Growbin.ServiceDefaults.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Timeouts;

namespace Growbin.ChatLlm.Apis;

/// <summary>
/// <c>POST /api/v1/chat/message</c>: one grounded answer (<see cref="ChatAssistant"/>), as JSON or — with
/// <c>Accept: text/event-stream</c> — as SSE <c>delta</c> events then <c>done</c>. Anything refused before the
/// first delta is a plain ProblemDetails status; a failure after it is an <c>error</c> event.
/// </summary>
public static class ChatApi
{
    private const string EventStream = "text/event-stream";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapChatApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup(ConversationsApi.Prefix)
            .WithTags("chat")
            .RequireAuthorization()
            .RequireRateLimiting(RateLimitPolicies.PerUser)
            .MapPost("/message", SendAsync)
            .WithMetadata(new RequestTimeoutAttribute(RequestTimeoutPolicies.Streaming)) // the model alone may take 60 s
            .WithName("SendChatMessage")
            .WithSummary("Asks the assistant; the answer is grounded in the disposal knowledge (and the scan, with scanId) and " +
                "cites item ids. With Accept: text/event-stream it streams as SSE delta events, then done (or error).")
            .Accepts<ChatMessageRequest>("application/json")
            .Produces<ChatMessageResponse>()
            .Produces(StatusCodes.Status200OK, contentType: EventStream)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout);
        return routes;
    }

    private static async Task<IResult> SendAsync(
        ChatMessageRequest request, ClaimsPrincipal user, HttpContext context, ChatAssistant assistant, StreamSlots slots)
    {
        context.Response.Headers.CacheControl = "no-store";
        var streaming = context.Request.Headers.Accept.Any(a => a?.Contains(EventStream, StringComparison.OrdinalIgnoreCase) == true);
        // An SSE answer is an open stream like a socket: it takes one of the user's slots until it ends.
        using var slot = streaming ? slots.TryAcquire(user.FindFirstValue("sub")!) : null;
        if (streaming && slot is null)
        {
            return slots.Refusal(context);
        }

        var started = false;

        async Task WriteDeltaAsync(string text, CancellationToken cancellationToken)
        {
            if (!started)
            {
                StartEventStream(context);
                started = true;
            }

            await WriteEventAsync(context, "delta", new ChatDelta(text), cancellationToken);
        }

        var outcome = await assistant.AnswerAsync(user, context.Request.Headers.Authorization.ToString(), request,
            TextLanguages.FromAcceptLanguage(context.Request.Headers.AcceptLanguage), streaming ? WriteDeltaAsync : null, context.RequestAborted);

        if (outcome.IsCancelled)
        {
            return Results.Empty;
        }

        if (outcome.Problem is { } problem)
        {
            if (!started)
            {
                return problem.ToResult(context);
            }

            await WriteEventAsync(context, "error", problem.ToProblemDetails(), context.RequestAborted);
            return Results.Empty;
        }

        if (!streaming)
        {
            return TypedResults.Ok(outcome.Answer);
        }

        if (!started)
        {
            StartEventStream(context);
        }

        await WriteEventAsync(context, "done", outcome.Answer, context.RequestAborted);
        return Results.Empty;
    }

    private static void StartEventStream(HttpContext context)
    {
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = EventStream;
        context.Response.Headers["X-Accel-Buffering"] = "no";
    }

    private static async Task WriteEventAsync<T>(HttpContext context, string name, T data, CancellationToken cancellationToken)
    {
        var payload = $"event: {name}\ndata: {JsonSerializer.Serialize(data, Json)}\n\n";
        await context.Response.WriteAsync(payload, cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }
}
