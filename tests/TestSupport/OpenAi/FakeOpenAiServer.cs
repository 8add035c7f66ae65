using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Growbin.TestSupport.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Growbin.TestSupport.OpenAi;

/// <summary>
/// A real HTTP server on 127.0.0.1 (a free port) that speaks OpenAI's chat completions API, for testing code that
/// uses the real OpenAI SDK: <c>POST /v1/chat/completions</c> (and <c>/chat/completions</c>). Each call takes the next
/// scripted <see cref="FakeOpenAiResponse"/> (<see cref="Enqueue"/>), else <see cref="DefaultResponse"/>; every call is
/// counted and its request kept. Usage in answers is estimated from the request (<see cref="OpenAiTokenEstimate"/>)
/// unless the script says otherwise. A request with <c>"stream": true</c> is answered with server-sent
/// <c>chat.completion.chunk</c> events as OpenAI sends them, and whether its client went away before the end is recorded
/// (<see cref="FakeOpenAiRequest.ClientDisconnected"/>, <see cref="CancelledStreams"/>).
/// </summary>
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly TimeSpan AbortGrace = TimeSpan.FromMilliseconds(200);

    private readonly object _gate = new();
    private readonly Queue<FakeOpenAiResponse> _script = new();
    private readonly List<FakeOpenAiRequest> _requests = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly WebApplication _app;
    private int _callCount;
    private int _cancelledStreams;
    private int _disposed;

    private FakeOpenAiServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary><c>http://127.0.0.1:{port}/</c></summary>
    public Uri BaseAddress { get; }

    /// <summary>What to give the SDK as its endpoint (<c>OpenAIClientOptions.Endpoint</c>): the base address plus <c>v1</c>.</summary>
    public Uri Endpoint => new(BaseAddress, "v1");

    /// <summary>Chat completion calls received so far, whatever they were answered.</summary>
    public int CallCount => Volatile.Read(ref _callCount);

    /// <summary>
    /// Streaming calls whose client went away before <c>[DONE]</c> (see <see cref="FakeOpenAiRequest.ClientDisconnected"/>,
    /// and <see cref="FakeOpenAiRequest.Answered"/> to wait until the server has noticed).
    /// </summary>
    public int CancelledStreams => Volatile.Read(ref _cancelledStreams);

    /// <summary>The requests received so far, in order.</summary>
    public IReadOnlyList<FakeOpenAiRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return _requests.ToList();
            }
        }
    }

    /// <summary>
    /// The answer when nothing is scripted. Starts as a 500 whose message says so, so an unscripted call shows up.
    /// </summary>
    public FakeOpenAiResponse DefaultResponse { get; set; } = FakeOpenAiResponse.Failure(
        HttpStatusCode.InternalServerError, "FakeOpenAiServer: no response scripted for this call.", "server_error");

    public static async Task<FakeOpenAiServer> StartAsync(CancellationToken cancellationToken = default)
    {
        FakeOpenAiServer? server = null;
        var (app, baseAddress) = await LoopbackServer.StartAsync(typeof(FakeOpenAiServer), web =>
        {
            RequestDelegate handle = context => server!.HandleAsync(context);
            web.MapPost("/v1/chat/completions", handle);
            web.MapPost("/chat/completions", handle);
        }, cancellationToken);
        server = new FakeOpenAiServer(app, baseAddress);
        return server;
    }

    /// <summary>Scripts the next calls' answers, in order.</summary>
    public FakeOpenAiServer Enqueue(params FakeOpenAiResponse[] responses)
    {
        lock (_gate)
        {
            foreach (var response in responses)
            {
                _script.Enqueue(response);
            }
        }

        return this;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // Delayed answers stop waiting, so shutting down never waits out a scripted delay.
        await _stopping.CancelAsync();
        await LoopbackServer.StopAsync(_app);
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted);
        }

        JsonElement request;
        try
        {
            request = JsonDocument.Parse(body).RootElement.Clone();
        }
        catch (JsonException ex)
        {
            await WriteAsync(context, 400, ErrorBody($"We could not parse the JSON body of your request. ({ex.Message})", "invalid_request_error", null));
            return;
        }

        FakeOpenAiResponse response;
        FakeOpenAiRequest record;
        var promptTokens = OpenAiTokenEstimate.PromptTokens(request);
        var number = Interlocked.Increment(ref _callCount);
        lock (_gate)
        {
            record = new FakeOpenAiRequest(number, context.Request.Path, body,
                context.Request.Headers.Authorization.FirstOrDefault(), promptTokens);
            _requests.Add(record);
            response = _script.TryDequeue(out var next) ? next : DefaultResponse;
        }

        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        var finished = false;
        try
        {
            await AnswerAsync(context, request, record, response, giveUp.Token);
            finished = true; // including a scripted failure: the server did all it was told to
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && giveUp.IsCancellationRequested)
        {
            // The client gave up (its timeout, a cancelled stream, a closed socket) or the server is stopping.
        }
        finally
        {
            if (!finished && context.RequestAborted.IsCancellationRequested && !_stopping.IsCancellationRequested)
            {
                record.MarkClientDisconnected();
                if (record.Stream)
                {
                    Interlocked.Increment(ref _cancelledStreams);
                }
            }

            record.MarkAnswered();
        }
    }

    private async Task AnswerAsync(HttpContext context, JsonElement request, FakeOpenAiRequest record, FakeOpenAiResponse response,
        CancellationToken giveUp)
    {
        if (response.Delay > TimeSpan.Zero)
        {
            await Task.Delay(response.Delay, giveUp);
        }

        var model = request.TryGetProperty("model", out var m) ? m.GetString() ?? "unknown" : "unknown";
        if (response is { RawBody: null, Error: null } && record.Stream)
        {
            await StreamAsync(context, request, record, response, model, giveUp);
            return;
        }

        var json = response switch
        {
            { RawBody: { } raw } => raw,
            { Error: { } error } => ErrorBody(error.Message, error.Type, error.Code),
            _ => CompletionBody(record.Number, model, response, response.PromptTokens ?? record.PromptTokens),
        };
        if (response.Status == 429)
        {
            context.Response.Headers["retry-after"] = "1";
        }

        await WriteAsync(context, response.Status, json);
    }

    /// <summary>
    /// OpenAI's streaming shape: <c>data: {chat.completion.chunk}</c> events — the role, one per piece, the finish reason,
    /// the usage when <c>stream_options.include_usage</c> asks for it — then <c>data: [DONE]</c>, each flushed as written.
    /// </summary>
    private static async Task StreamAsync(HttpContext context, JsonElement request, FakeOpenAiRequest record,
        FakeOpenAiResponse response, string model, CancellationToken giveUp)
    {
        var includeUsage = request.TryGetProperty("stream_options", out var streamOptions)
            && streamOptions.ValueKind == JsonValueKind.Object
            && streamOptions.TryGetProperty("include_usage", out var include)
            && include.ValueKind == JsonValueKind.True;
        var refusing = response is { Content: null, Refusal: not null };
        var pieces = response.Pieces ?? (response.Content ?? response.Refusal) switch
        {
            { } whole => [whole],
            null => [],
        };
        var chunk = new OpenAiChunkWriter(context, $"chatcmpl-fake-{record.Number}", DateTimeOffset.UtcNow.ToUnixTimeSeconds(), model,
            includeUsage, response.ChunkDelay, giveUp);

        context.Response.StatusCode = 200;
        context.Response.ContentType = "text/event-stream; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        await chunk.WriteAsync(Choice(new JsonObject
        {
            ["role"] = "assistant",
            ["content"] = refusing ? null : "",
            ["refusal"] = refusing ? "" : null,
        }, null));

        for (var i = 0; i < pieces.Count; i++)
        {
            if (response.FailAfterPieces == i)
            {
                await FailAsync(context, chunk, response, giveUp);
                return;
            }

            await chunk.WriteAsync(Choice(new JsonObject { [refusing ? "refusal" : "content"] = pieces[i] }, null));
        }

        if (response.FailAfterPieces is { } failAt && failAt >= pieces.Count)
        {
            await FailAsync(context, chunk, response, giveUp);
            return;
        }

        await chunk.WriteAsync(Choice(new JsonObject(), response.FinishReason));
        if (includeUsage)
        {
            var promptTokens = response.PromptTokens ?? record.PromptTokens;
            var completionTokens = response.CompletionTokens ?? Math.Max(1, OpenAiTokenEstimate.Text(response.Content ?? response.Refusal));
            await chunk.WriteAsync(new JsonArray(), Usage(promptTokens, completionTokens));
        }

        await chunk.WriteDoneAsync();
        return;

        static JsonArray Choice(JsonObject delta, string? finishReason) => new(new JsonObject
        {
            ["index"] = 0,
            ["delta"] = delta,
            ["logprobs"] = null,
            ["finish_reason"] = finishReason,
        });
    }

    private static async Task FailAsync(HttpContext context, OpenAiChunkWriter chunk, FakeOpenAiResponse response, CancellationToken giveUp)
    {
        if (response.StreamError is { } error)
        {
            await chunk.WriteEventAsync(ErrorBody(error.Message, error.Type, error.Code));
            return;
        }

        // Kestrel drops output it has not yet handed to the socket when the connection is aborted: give the pieces
        // already flushed a moment to leave, so the client reads them before the break.
        await Task.Delay(AbortGrace, giveUp);
        context.Abort();
    }

    private static string CompletionBody(int number, string model, FakeOpenAiResponse response, int promptTokens)
    {
        var completionTokens = response.CompletionTokens ?? Math.Max(1, OpenAiTokenEstimate.Text(response.Content ?? response.Refusal));
        var body = new JsonObject
        {
            ["id"] = $"chatcmpl-fake-{number}",
            ["object"] = "chat.completion",
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject
                {
                    ["role"] = "assistant",
                    ["content"] = response.Content,
                    ["refusal"] = response.Refusal,
                    ["annotations"] = new JsonArray(),
                },
                ["logprobs"] = null,
                ["finish_reason"] = response.FinishReason,
            }),
            ["usage"] = Usage(promptTokens, completionTokens),
            ["system_fingerprint"] = "fp_fake",
        };
        return body.ToJsonString(Json);
    }

    private static JsonObject Usage(int promptTokens, int completionTokens) => new()
    {
        ["prompt_tokens"] = promptTokens,
        ["completion_tokens"] = completionTokens,
        ["total_tokens"] = promptTokens + completionTokens,
    };

    private static string ErrorBody(string message, string type, string? code) =>
        new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["param"] = null, ["code"] = code },
        }.ToJsonString(Json);

    private static async Task WriteAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json, context.RequestAborted);
    }
}
