using System.Net;
using System.Text.Json;

namespace Growbin.TestSupport.OpenAi;

/// <summary>
/// What <see cref="FakeOpenAiServer"/> answers to one call: a chat completion in OpenAI's shape, an OpenAI error, a
/// raw body, or any of these after a delay. Build with the static methods. A completion answers a request with
/// <c>"stream": true</c> as server-sent chunks: <see cref="Stream"/>'s pieces one chunk each, any other content as one
/// piece; errors and raw bodies are sent as they are, streaming or not.
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

    /// <summary>The content's pieces, one chunk each when streamed (null: the content as one piece).</summary>
    public IReadOnlyList<string>? Pieces { get; private init; }

    /// <summary>When streamed: the wait before each chunk after the first (cut short when the client gives up).</summary>
    public TimeSpan ChunkDelay { get; private init; }

    /// <summary>When streamed: after this many pieces the stream breaks (see <see cref="AbortAfter"/>, <see cref="ErrorAfter"/>).</summary>
    public int? FailAfterPieces { get; private init; }

    /// <summary>When streamed and <see cref="FailAfterPieces"/> is set: the error event sent; null drops the connection instead.</summary>
    public (string Message, string Type, string? Code)? StreamError { get; private init; }

    /// <summary>
    /// Wait this long before answering (cut short when the client gives up). For a stream this is the time to the
    /// first byte: no status line, headers or chunk is sent before it.
    /// </summary>
    public TimeSpan Delay { get; private init; }

    /// <summary>Overrides the estimated usage.</summary>
    public int? PromptTokens { get; private init; }

    /// <inheritdoc cref="PromptTokens"/>
    public int? CompletionTokens { get; private init; }

    /// <summary>200 with <paramref name="content"/> as the assistant's message.</summary>
    public static FakeOpenAiResponse Completion(string content, string finishReason = "stop") =>
        new() { Content = content, FinishReason = finishReason };

    /// <summary>
    /// 200 whose content comes as <paramref name="pieces"/>, one <c>delta.content</c> chunk each, to a streaming request;
    /// a non-streaming request gets them joined.
    /// </summary>
    public static FakeOpenAiResponse Stream(params string[] pieces) =>
        new() { Content = string.Concat(pieces), Pieces = [.. pieces] };

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

    /// <summary>When streamed: waits <paramref name="delay"/> before each chunk after the first, the window in which a client can go away.</summary>
    public FakeOpenAiResponse WithChunkDelay(TimeSpan delay) => this with { ChunkDelay = delay };

    /// <summary>
    /// When streamed: sends the role chunk and <paramref name="pieces"/> pieces, then drops the connection
    /// (<c>HttpContext.Abort</c>) — a network failure mid-answer. A non-streaming request gets the whole answer.
    /// </summary>
    public FakeOpenAiResponse AbortAfter(int pieces) =>
        this with { FailAfterPieces = Math.Max(0, pieces), StreamError = null };

    /// <summary>
    /// When streamed: sends the role chunk and <paramref name="pieces"/> pieces, then an OpenAI error event
    /// (<c>data: {"error": …}</c>) and ends the stream without <c>[DONE]</c>, as OpenAI does when the model fails mid-answer.
    /// A non-streaming request gets the whole answer. The OpenAI SDK (2.15) does not throw on it: it yields an empty
    /// update and ends with no finish reason. For a failure the SDK throws on, use <see cref="AbortAfter"/>.
    /// </summary>
    public FakeOpenAiResponse ErrorAfter(int pieces, string message = "The server had an error while processing your request.",
        string type = "server_error", string? code = null) =>
        this with { FailAfterPieces = Math.Max(0, pieces), StreamError = (message, type, code) };

    /// <summary>This answer with the given usage instead of the estimate.</summary>
    public FakeOpenAiResponse WithUsage(int promptTokens, int completionTokens) =>
        this with { PromptTokens = promptTokens, CompletionTokens = completionTokens };
}
