using System.ClientModel;
using System.Text.Json;
using Growbin.ServiceDefaults.Problems;
using Growbin.ServiceDefaults.Telemetry;

namespace Growbin.ChatLlm.Chat;

/// <summary>Every way a chat turn can end without an answer, with its stable ProblemDetails type.</summary>
public static class ChatProblems
{
    public static readonly string ConversationNotFoundType = ProblemTypes.For("conversation-not-found");
    public static readonly string ScanNotFoundType = ProblemTypes.For("scan-not-found");
    public static readonly string RateLimitedType = ProblemTypes.For("chat-rate-limited");
    public static readonly string QuotaExhaustedType = ProblemTypes.For("chat-quota-exhausted");
    public static readonly string BudgetExhaustedType = ProblemTypes.For("ai-budget-exhausted");
    public static readonly string AiUnavailableType = ProblemTypes.For("ai-unavailable");
    public static readonly string AiFailedType = ProblemTypes.For("ai-failed");
    public static readonly string ConversationBusyType = ProblemTypes.For("conversation-busy");
    public static readonly string SocketBusyType = ProblemTypes.For("chat-busy");
    public static readonly string TokenExpiredType = ProblemTypes.For("token-expired");
    public static readonly string TokenRevokedType = ProblemTypes.For("token-revoked");

    public static ChatProblem Validation(IDictionary<string, string[]> errors) => new(
        StatusCodes.Status400BadRequest, ProblemTypes.Validation, "One or more validation errors occurred.",
        "Fix the fields listed in errors and send the message again.", Errors: errors);

    public static ChatProblem ConversationNotFound() => new(
        StatusCodes.Status404NotFound, ConversationNotFoundType, "Conversation not found",
        "There is no conversation with this id for you; a conversation is forgotten some days after its last message.");

    public static ChatProblem ScanNotFound() => new(
        StatusCodes.Status404NotFound, ScanNotFoundType, "Scan not found",
        "There is no scan with this id for you; send the taskId your scan returned, or leave scanId out.");

    public static ChatProblem RateLimited(TimeSpan retryAfter, int perMinute) => new(
        StatusCodes.Status429TooManyRequests, RateLimitedType, "Too many messages",
        $"At most {perMinute} messages a minute; wait before asking again.", RetryAfter: retryAfter);

    public static ChatProblem QuotaExhausted(TimeSpan untilReset, long quota) => new(
        StatusCodes.Status429TooManyRequests, QuotaExhaustedType, "Daily chat quota used up",
        $"You have used today's {quota:N0} chat tokens; the quota resets at midnight UTC (09:00 KST).", RetryAfter: untilReset);

    public static ChatProblem QuotaBusy() => new(
        StatusCodes.Status503ServiceUnavailable, ProblemTypes.DependencyUnavailable, "Too many messages at once",
        "Your daily token quota could not be counted because many of your messages arrived together; send this one again.",
        RetryAfter: TimeSpan.FromSeconds(1));

    public static ChatProblem BudgetExhausted(TimeSpan untilReset) => new(
        StatusCodes.Status503ServiceUnavailable, BudgetExhaustedType, "AI budget used up",
        "Growbin has used today's AI budget; chat is back after midnight UTC (09:00 KST).", RetryAfter: untilReset);

    public static ChatProblem BudgetUnreachable() => new(
        StatusCodes.Status503ServiceUnavailable, AiUnavailableType, "AI unavailable",
        "The daily AI budget could not be checked, so the model was not called; try again shortly.", RetryAfter: TimeSpan.FromSeconds(5));

    public static ChatProblem AiUnavailable() => new(
        StatusCodes.Status503ServiceUnavailable, AiUnavailableType, "AI unavailable",
        "The chat model is not configured (no API key); try again later.");

    public static ChatProblem ConversationBusy() => new(
        StatusCodes.Status503ServiceUnavailable, ConversationBusyType, "Conversation busy",
        "Too many messages were saved to this conversation at once and this answer could not be remembered; ask again.",
        RetryAfter: TimeSpan.FromSeconds(1));

    public static ChatProblem SocketBusy() => new(
        StatusCodes.Status409Conflict, SocketBusyType, "Still answering",
        "This socket is still answering the previous message; send the next one after its done or error frame.");

    public static ChatProblem TokenExpired() => new(
        StatusCodes.Status401Unauthorized, TokenExpiredType, "Access token expired",
        "The token this socket was opened with has expired; refresh it and open a new socket.");

    public static ChatProblem TokenRevoked() => new(
        StatusCodes.Status401Unauthorized, TokenRevokedType, "Access token revoked",
        "The token this socket was opened with was revoked (logout or account deletion); sign in again to chat.");

    public static ChatProblem TokenUncheckable() => new(
        StatusCodes.Status503ServiceUnavailable, ProblemTypes.DependencyUnavailable, "Token check unavailable",
        "Whether this socket's token still stands could not be checked, so the message was not answered; send it again shortly.",
        RetryAfter: TimeSpan.FromSeconds(5));

    public static ChatProblem Internal() => new(
        StatusCodes.Status500InternalServerError, ProblemTypes.Internal,
        "Internal error", "The message could not be answered; send it again.");

    /// <summary>A failed or broken model call, classified for the client and for the outcome label.</summary>
    public static ChatProblem? ModelFailure(Exception exception) => exception switch
    {
        ClientResultException { Status: 429 } => new(StatusCodes.Status503ServiceUnavailable, AiUnavailableType,
            "AI busy", "The chat model is rate limited right now; try again shortly.",
            AiCallOutcomes.RateLimited, TimeSpan.FromSeconds(5)),
        ClientResultException { Status: 408 } => Timeout(),
        ClientResultException { Status: >= 500 } e => Failed(
            $"The chat model failed ({e.Status}); please ask again.", AiCallOutcomes.ServerError),
        ClientResultException { Status: 0 } => Failed("The chat model could not be reached.", AiCallOutcomes.NetworkError),
        ClientResultException e => Failed($"The chat model refused the call ({e.Status}).", AiCallOutcomes.Rejected),
        OperationCanceledException => Timeout(),
        HttpRequestException or IOException => Failed("The connection to the chat model broke; please ask again.", AiCallOutcomes.NetworkError),
        JsonException => Failed("The chat model's answer could not be read.", AiCallOutcomes.BadResponse),
        _ => null,
    };

    /// <summary>The stream ended without a finish reason or text (SDK 2.15 ends quietly on a mid-stream error event).</summary>
    public static ChatProblem BrokenAnswer() => Failed("The model's answer broke off; please ask again.", AiCallOutcomes.BadResponse);

    private static ChatProblem Timeout() => new(
        StatusCodes.Status504GatewayTimeout, AiFailedType, "AI timeout", "The chat model did not answer in time.",
        AiCallOutcomes.Timeout);

    private static ChatProblem Failed(string detail, string outcome) => new(
        StatusCodes.Status502BadGateway, AiFailedType, "AI answer failed", detail, outcome);
}
