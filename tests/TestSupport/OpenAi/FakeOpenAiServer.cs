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
/// unless the script says otherwise.
/// </summary>
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly object _gate = new();
    private readonly Queue<FakeOpenAiResponse> _script = new();
    private readonly List<FakeOpenAiRequest> _requests = [];
    private readonly CancellationTokenSource _stopping = new();
    private readonly WebApplication _app;
    private int _callCount;
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
        var promptTokens = OpenAiTokenEstimate.PromptTokens(request);
        var number = Interlocked.Increment(ref _callCount);
        lock (_gate)
        {
            _requests.Add(new FakeOpenAiRequest(number, context.Request.Path, body,
                context.Request.Headers.Authorization.FirstOrDefault(), promptTokens));
            response = _script.TryDequeue(out var next) ? next : DefaultResponse;
        }

        if (response.Delay > TimeSpan.Zero)
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            try
            {
                await Task.Delay(response.Delay, wait.Token);
            }
            catch (OperationCanceledException)
            {
                return; // the client gave up (its timeout) or the server is stopping
            }
        }

        var model = request.TryGetProperty("model", out var m) ? m.GetString() ?? "unknown" : "unknown";
        var json = response switch
        {
            { RawBody: { } raw } => raw,
            { Error: { } error } => ErrorBody(error.Message, error.Type, error.Code),
            _ => CompletionBody(number, model, response, response.PromptTokens ?? promptTokens),
        };
        if (response.Status == 429)
        {
            context.Response.Headers["retry-after"] = "1";
        }

        await WriteAsync(context, response.Status, json);
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
            ["usage"] = new JsonObject
            {
                ["prompt_tokens"] = promptTokens,
                ["completion_tokens"] = completionTokens,
                ["total_tokens"] = promptTokens + completionTokens,
            },
            ["system_fingerprint"] = "fp_fake",
        };
        return body.ToJsonString(Json);
    }

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
