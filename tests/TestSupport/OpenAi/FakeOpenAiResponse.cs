using System.Net;
using System.Text.Json;

namespace Growbin.TestSupport.OpenAi;

/// <summary>
/// What <see cref="FakeOpenAiServer"/> answers to one call: a chat completion in OpenAI's shape, an OpenAI error, a
/// raw body, or any of these after a delay. Build with the static methods.
/// </summary>
public sealed record FakeOpenAiResponse
{
    private FakeOpenAiResponse()
    {
    }

    /// <summary>HTTP status of the answer.</summary>
    public int Status { get; private init; } = 200;

    /// <summary>The assistant message's content (null with a refusal or a content filter stop).</summary>
    public string? Content { get; private init; }

    /// <summary>The assistant message's refusal text.</summary>
    public string? Refusal { get; private init; }

    /// <summary><c>stop</c>, <c>length</c>, <c>content_filter</c> …</summary>
    public string FinishReason { get; private init; } = "stop";

    /// <summary>The whole body as given, instead of a completion or an error (to send something broken).</summary>
    public string? RawBody { get; private init; }

    /// <summary>For an error: OpenAI's error object.</summary>
    public (string Message, string Type, string? Code)? Error { get; private init; }

    /// <summary>Wait this long before answering (cut short when the client gives up).</summary>
    public TimeSpan Delay { get; private init; }

    /// <summary>Overrides the estimated usage.</summary>
    public int? PromptTokens { get; private init; }

    /// <inheritdoc cref="PromptTokens"/>
    public int? CompletionTokens { get; private init; }

    /// <summary>200 with <paramref name="content"/> as the assistant's message.</summary>
    public static FakeOpenAiResponse Completion(string content, string finishReason = "stop") =>
        new() { Content = content, FinishReason = finishReason };

    /// <summary>200 with <paramref name="value"/> serialized (camelCase JSON) as the assistant's message: a structured-output answer.</summary>
    public static FakeOpenAiResponse Json(object value) =>
        Completion(JsonSerializer.Serialize(value, new JsonSerializerOptions(JsonSerializerDefaults.Web)));

    /// <summary>200 where the model declines: content null, <c>refusal</c> set.</summary>
    public static FakeOpenAiResponse Refused(string refusal = "I'm sorry, I can't help with that.") =>
        new() { Refusal = refusal };

    /// <summary>200 stopped by the provider's content filter: content null, finish_reason <c>content_filter</c>.</summary>
    public static FakeOpenAiResponse ContentFiltered() => new() { FinishReason = "content_filter" };

    /// <summary>An OpenAI error body with the given status.</summary>
    public static FakeOpenAiResponse Failure(HttpStatusCode status, string message, string type, string? code = null) =>
        new() { Status = (int)status, Error = (message, type, code) };

    public static FakeOpenAiResponse RateLimited() =>
        Failure(HttpStatusCode.TooManyRequests, "Rate limit reached for requests.", "requests", "rate_limit_exceeded");

    public static FakeOpenAiResponse ServerError(HttpStatusCode status = HttpStatusCode.InternalServerError) =>
        Failure(status, "The server had an error while processing your request.", "server_error");

    public static FakeOpenAiResponse BadRequest(string message = "Invalid request.") =>
        Failure(HttpStatusCode.BadRequest, message, "invalid_request_error");

    public static FakeOpenAiResponse Unauthorized() =>
        Failure(HttpStatusCode.Unauthorized, "Incorrect API key provided.", "invalid_request_error", "invalid_api_key");

    /// <summary>A body that is not what the API promises (e.g. broken JSON), with the given status.</summary>
    public static FakeOpenAiResponse Raw(string body, HttpStatusCode status = HttpStatusCode.OK) =>
        new() { Status = (int)status, RawBody = body };

    /// <summary>This answer, after <paramref name="delay"/>.</summary>
    public FakeOpenAiResponse After(TimeSpan delay) => this with { Delay = delay };

    /// <summary>This answer with the given usage instead of the estimate.</summary>
    public FakeOpenAiResponse WithUsage(int promptTokens, int completionTokens) =>
        this with { PromptTokens = promptTokens, CompletionTokens = completionTokens };
}
