using System.Net;
using System.Text.Json;
using Growbin.ChatLlm.Conversations;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Growbin.ChatLlm.Tests;

/// <summary>
/// chat-llm with the Dapr double as its sidecar. The double's clock is manual, so state TTLs can be run out; the
/// app keeps the real clock, which token validation needs.
/// </summary>
public sealed class ChatLlmHost : IAsyncLifetime
{
    public ManualTimeProvider StateClock { get; } = new(DateTimeOffset.UtcNow);

    public InMemoryDaprClient Dapr { get; }

    public TestTokens Tokens { get; } = new();

    public GrowbinAppFactory<Program> Factory { get; }

    public ChatLlmHost()
    {
        Dapr = new InMemoryDaprClient(StateClock);
        Factory = Tokens.ApplyTo(new GrowbinAppFactory<Program>(Dapr))
            .WithSetting("RateLimiting:PerUser:TokenLimit", "1000")
            .WithSetting("RateLimiting:PerUser:TokensPerPeriod", "1000");
    }

    public ConversationStore Store => Factory.Services.GetRequiredService<ConversationStore>();

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Stops chat-llm; then fails the class if its tests left a state key without a TTL (Redis runs noeviction).</summary>
    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        Tokens.Dispose();
        StateTtlAudit.Of(Dapr).ThrowIfAnyWithoutTtl();
    }

    public HttpClient ClientFor(string userId) => Tokens.Authorize(Factory.CreateClient(), userId);

    public static string NewUserId() => Guid.NewGuid().ToString();

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
