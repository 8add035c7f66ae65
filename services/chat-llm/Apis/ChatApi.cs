using System.ClientModel;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Growbin.ChatLlm.Ai;
using Growbin.ServiceDefaults.Telemetry;
using Growbin.ChatLlm.Conversations;
using Growbin.ChatLlm.Grounding;
using Growbin.ChatLlm.Requests;
using Growbin.ChatLlm.Responses;
using Growbin.ServiceDefaults.Problems;
using Growbin.ServiceDefaults.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using OpenAI.Chat;

namespace Growbin.ChatLlm.Apis;

/// <summary>
/// <c>POST /api/v1/chat/message</c>: one grounded answer, as JSON or — with <c>Accept: text/event-stream</c> — as SSE
/// <c>delta</c> events then <c>done</c>. The model is always called streaming, so both shapes share one path; the
/// request's abort token runs through the SDK call, so a client that leaves stops the upstream answer, and only a
/// complete answer is remembered.
/// </summary>
public static partial class ChatApi
{
    public static readonly string AiUnavailable = ProblemTypes.For("ai-unavailable");
    public static readonly string AiFailed = ProblemTypes.For("ai-failed");

    private const string EventStream = "text/event-stream";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapChatApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup(ConversationsApi.Prefix)
            .WithTags("chat")
            .RequireAuthorization()
            .RequireRateLimiting(RateLimitPolicies.PerUser)
            .MapPost("/message", SendAsync)
            .WithName("SendChatMessage")
            .WithSummary("Asks the assistant; the answer is grounded in the disposal knowledge and cites item ids. " +
                "With Accept: text/event-stream it streams as SSE delta events, then done (or error).")
            .Accepts<ChatMessageRequest>("application/json")
            .Produces<ChatMessageResponse>()
            .Produces(StatusCodes.Status200OK, contentType: EventStream)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .ProducesProblem(StatusCodes.Status504GatewayTimeout);
        return routes;
    }

    private static async Task<IResult> SendAsync(
        ChatMessageRequest request,
        ClaimsPrincipal user,
        HttpContext context,
        [AsParameters] ChatServices services)
    {
        var (conversations, grounding, model, metrics, options, time) = services;
        context.Response.Headers.CacheControl = "no-store";
        var cancellationToken = context.RequestAborted;

        var message = request.Message?.Trim() ?? "";
        var errors = new Dictionary<string, string[]>();
        if (message.Length == 0)
        {
            errors["message"] = ["message is required."];
        }
        else if (message.Length > ChatOptions.MaxMessageLength)
        {
            errors["message"] = [$"message must be at most {ChatOptions.MaxMessageLength} characters."];
        }

        if (request.ScanId is not null && !ScanIdPattern().IsMatch(request.ScanId))
        {
            errors["scanId"] = ["scanId must be 32 lower-case hex digits, as the scan returned it."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (user.FindFirstValue("sub") is not { Length: > 0 } userId)
        {
            return TypedResults.Unauthorized();
        }

        Conversation? conversation = null;
        if (request.ConversationId is { } conversationId)
        {
            conversation = await conversations.GetAsync(conversationId, userId, cancellationToken);
            if (conversation is null)
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status404NotFound,
                    type: ConversationsApi.ConversationNotFound,
                    title: "Conversation not found",
                    detail: "There is no conversation with this id for you; a conversation is forgotten some days after its last message.");
            }
        }

        var client = await model.GetClientAsync(cancellationToken);
        if (client is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                type: AiUnavailable,
                title: "AI unavailable",
                detail: "The chat model is not configured (no API key); try again later.");
        }

        var history = conversation?.Turns ?? [];
        history = [.. history.Skip(Math.Max(0, history.Count - options.Value.MaxTurns))];
        var ground = grounding.For(message, history);
        List<ChatMessage> messages = [new SystemChatMessage(ground.SystemPrompt)];
        foreach (var turn in history)
        {
            messages.Add(turn.Role == TurnRoles.Assistant ? new AssistantChatMessage(turn.Content) : new UserChatMessage(turn.Content));
        }

        messages.Add(new UserChatMessage(message));
        var completionOptions = new ChatCompletionOptions { MaxOutputTokenCount = options.Value.MaxOutputTokens };

        var streaming = context.Request.Headers.Accept.Any(a => a?.Contains(EventStream, StringComparison.OrdinalIgnoreCase) == true);
        var started = false;
        var reply = new StringBuilder();
        ChatFinishReason? finish = null;
        ChatTokenUsage? usage = null;

        var updates = client.CompleteChatStreamingAsync(messages, completionOptions, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await updates.MoveNextAsync();
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // The client left: the SDK call is cancelled with it and nothing is remembered.
                    metrics.CallMade(AiMetrics.ChatPurpose, model.Model, AiCallOutcomes.Cancelled);
                    return Results.Empty;
                }
                catch (Exception ex) when (Classify(ex) is { } failure)
                {
                    metrics.CallMade(AiMetrics.ChatPurpose, model.Model, failure.Outcome);
                    return await FailAsync(context, failure, started);
                }

                if (!more)
                {
                    break;
                }

                var update = updates.Current;
                finish = update.FinishReason ?? finish;
                usage = update.Usage ?? usage;
                foreach (var part in update.ContentUpdate)
                {
                    if (part.Kind != ChatMessageContentPartKind.Text || string.IsNullOrEmpty(part.Text))
                    {
                        continue;
                    }

                    reply.Append(part.Text);
                    if (streaming)
                    {
                        if (!started)
                        {
                            StartEventStream(context);
                            started = true;
                        }

                        await WriteEventAsync(context, "delta", new ChatDelta(part.Text), cancellationToken);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Writing to a client that has gone: the same as leaving mid-stream.
            metrics.CallMade(AiMetrics.ChatPurpose, model.Model, AiCallOutcomes.Cancelled);
            return Results.Empty;
        }
        finally
        {
            await updates.DisposeAsync();
        }

        if (usage is not null)
        {
            metrics.Usage(AiMetrics.ChatPurpose, model.Model, usage.InputTokenCount, usage.OutputTokenCount);
        }

        var text = reply.ToString().Trim();
        if (finish is null || text.Length == 0)
        {
            // SDK 2.15 ends quietly on a mid-stream error event: no finish reason means the answer is not whole.
            var broken = new ModelFailure(StatusCodes.Status502BadGateway, AiFailed, "AI answer failed",
                "The model's answer broke off; please ask again.", AiCallOutcomes.BadResponse);
            metrics.CallMade(AiMetrics.ChatPurpose, model.Model, broken.Outcome);
            return await FailAsync(context, broken, started);
        }

        metrics.CallMade(AiMetrics.ChatPurpose, model.Model, AiCallOutcomes.Ok);
        var cited = grounding.Citations(text);
        var now = time.GetUtcNow();
        conversation ??= await conversations.CreateAsync(userId, cancellationToken);
        await conversations.AppendAsync(conversation.Id, userId,
        [
            new ConversationTurn(TurnRoles.User, message, now, ScanId: request.ScanId),
            new ConversationTurn(TurnRoles.Assistant, text, now, cited.Count == 0 ? null : [.. cited.Select(i => i.Id)]),
        ], cancellationToken);

        var response = new ChatMessageResponse(conversation.Id, text, [.. cited.Select(i => new ChatCitation(i.Id, i.NameKo))]);
        if (!streaming)
        {
            return TypedResults.Ok(response);
        }

        if (!started)
        {
            StartEventStream(context);
        }

        await WriteEventAsync(context, "done", response, cancellationToken);
        return Results.Empty;
    }

    private sealed record ModelFailure(int Status, string Type, string Title, string Detail, string Outcome);

    private static ModelFailure? Classify(Exception ex) => ex switch
    {
        ClientResultException { Status: 429 } => new(StatusCodes.Status503ServiceUnavailable, AiUnavailable, "AI busy",
            "The chat model is rate limited right now; try again shortly.", AiCallOutcomes.RateLimited),
        ClientResultException { Status: 408 } => new(StatusCodes.Status504GatewayTimeout, AiFailed, "AI timeout",
            "The chat model did not answer in time.", AiCallOutcomes.Timeout),
        ClientResultException { Status: >= 500 } e => new(StatusCodes.Status502BadGateway, AiFailed, "AI answer failed",
            $"The chat model failed ({e.Status}); please ask again.", AiCallOutcomes.ServerError),
        ClientResultException { Status: 0 } => new(StatusCodes.Status502BadGateway, AiFailed, "AI answer failed",
            "The chat model could not be reached.", AiCallOutcomes.NetworkError),
        ClientResultException e => new(StatusCodes.Status502BadGateway, AiFailed, "AI answer failed",
            $"The chat model refused the call ({e.Status}).", AiCallOutcomes.Rejected),
        OperationCanceledException => new(StatusCodes.Status504GatewayTimeout, AiFailed, "AI timeout",
            "The chat model did not answer in time.", AiCallOutcomes.Timeout),
        HttpRequestException or IOException => new(StatusCodes.Status502BadGateway, AiFailed, "AI answer failed",
            "The connection to the chat model broke; please ask again.", AiCallOutcomes.NetworkError),
        JsonException => new(StatusCodes.Status502BadGateway, AiFailed, "AI answer failed",
            "The chat model's answer could not be read.", AiCallOutcomes.BadResponse),
        _ => null,
    };

    /// <summary>Before the stream has started: a plain ProblemDetails response. After: an <c>error</c> event, then the end.</summary>
    private static async Task<IResult> FailAsync(HttpContext context, ModelFailure failure, bool started)
    {
        if (!started)
        {
            return TypedResults.Problem(statusCode: failure.Status, type: failure.Type, title: failure.Title, detail: failure.Detail);
        }

        var problem = new ProblemDetails { Status = failure.Status, Type = failure.Type, Title = failure.Title, Detail = failure.Detail };
        await WriteEventAsync(context, "error", problem, context.RequestAborted);
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

    [GeneratedRegex("^[0-9a-f]{32}$")]
    private static partial Regex ScanIdPattern();
}
