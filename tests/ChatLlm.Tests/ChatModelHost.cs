using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Growbin.ChatLlm.Conversations;
using Growbin.TestSupport.Ai;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Hosting;
using Growbin.TestSupport.OpenAi;
using Microsoft.Extensions.DependencyInjection;

namespace Growbin.ChatLlm.Tests;

/// <summary>chat-llm with the Dapr double and the real OpenAI SDK pointed at <see cref="FakeOpenAiServer"/>.</summary>
public sealed class ChatModelHost : IAsyncLifetime
{
    public const string MessagePath = "/api/v1/chat/message";

    /// <summary>A guard against a hung test, not a timing assertion.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public FakeOpenAiServer OpenAi { get; private set; } = null!;

    public TestTokens Tokens { get; } = new();

    public GrowbinAppFactory<Program> Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        OpenAi = await FakeOpenAiServer.StartAsync();
        Factory = Create(Tokens, OpenAi.Endpoint, "sk-test");
    }

    /// <summary>Stops chat-llm; then fails the class if its tests left a state key without a TTL (Redis runs noeviction).</summary>
    public async Task DisposeAsync()
    {
        var left = StateLeft();
        await Factory.DisposeAsync();
        await OpenAi.DisposeAsync();
        Tokens.Dispose();
        left.ThrowIfAnyWithoutTtl();
    }

    /// <summary>Every state key chat-llm holds now, with its TTL, the AI budget actor's state included.</summary>
    public StateTtlAudit StateLeft() => StateTtlAudit.Of(Factory.Dapr).And(Factory.Services.GetService<InProcessAiBudget>());

    /// <summary>
    /// A chat-llm pointed at <paramref name="endpoint"/>; a null key leaves the (empty) secret store as the only source.
    /// The AI budget is the real actor hosted in the test, unless <paramref name="inProcessBudget"/> is false: then it is
    /// the production client, which reaches vision-analyzer through the Dapr double.
    /// </summary>
    public static GrowbinAppFactory<Program> Create(
        TestTokens tokens, Uri endpoint, string? apiKey, InMemoryDaprClient? dapr = null, bool inProcessBudget = true)
    {
        var factory = tokens.ApplyTo(new GrowbinAppFactory<Program>(dapr ?? new InMemoryDaprClient()))
            .WithSetting("RateLimiting:PerUser:TokenLimit", "1000")
            .WithSetting("RateLimiting:PerUser:TokensPerPeriod", "1000")
            .WithSetting("OpenAI:Endpoint", endpoint.ToString())
            .WithSetting("OpenAI:ApiKey", apiKey)
            .WithSetting("OpenAI:Model", "gpt-4o-mini");
        return inProcessBudget
            ? factory.WithServices(services => services.UseInProcessAiBudget())
            : factory;
    }

    public InProcessAiBudget Budget => Factory.Services.GetRequiredService<InProcessAiBudget>();

    public ConversationStore Store => Factory.Services.GetRequiredService<ConversationStore>();

    public HttpClient ClientFor(string userId) => Tokens.Authorize(Factory.CreateClient(), userId);

    public static HttpRequestMessage Message(object body, bool stream = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, MessagePath) { Content = JsonContent.Create(body) };
        if (stream)
        {
            request.Headers.Accept.ParseAdd("text/event-stream");
        }

        return request;
    }

    /// <summary>The requests the fake received after <paramref name="before"/> calls.</summary>
    public IReadOnlyList<FakeOpenAiRequest> RequestsSince(int before) => [.. OpenAi.Requests.Skip(before)];

    /// <summary>The chat messages of a recorded request as (role, text) pairs.</summary>
    public static IReadOnlyList<(string Role, string Text)> Messages(FakeOpenAiRequest request) =>
        [.. request.Json.GetProperty("messages").EnumerateArray().Select(m => (m.GetProperty("role").GetString()!, TextOf(m.GetProperty("content"))))];

    private static string TextOf(JsonElement content) => content.ValueKind == JsonValueKind.String
        ? content.GetString()!
        : string.Concat(content.EnumerateArray().Select(p => p.GetProperty("text").GetString()));

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Every SSE event of a finished stream, in order.</summary>
    public static async Task<IReadOnlyList<(string Event, JsonElement Data)>> ReadEventsAsync(HttpResponseMessage response)
    {
        var events = new List<(string, JsonElement)>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8);
        while (await ReadEventAsync(reader, CancellationToken.None) is { } next)
        {
            events.Add(next);
        }

        return events;
    }

    /// <summary>The next SSE event, or null at the end of the stream.</summary>
    public static async Task<(string Event, JsonElement Data)?> ReadEventAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        string? name = null;
        string? data = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (name is not null && data is not null)
                {
                    return (name, JsonDocument.Parse(data).RootElement.Clone());
                }

                continue;
            }

            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
        }

        return null;
    }

    public static string NewUserId() => Guid.NewGuid().ToString();
}
