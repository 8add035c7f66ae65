using System.Net;
using Growbin.Ai.Budget;
using Growbin.ChatLlm.Chat;
using Growbin.ChatLlm.CostGuard;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Hosting;
using Growbin.TestSupport.OpenAi;
using Microsoft.Extensions.DependencyInjection;

namespace Growbin.ChatLlm.Tests;

/// <summary>
/// The cost guard, each case on its own host and clock: messages per minute, the daily token quota (HTTP, SSE and
/// WebSocket), the global daily AI budget, and the usage charged to it. Every refusal comes before any model call.
/// </summary>
public sealed class ChatCostGuardTests(ChatModelHost host) : IClassFixture<ChatModelHost>
{
    private const string Question = "우유팩 어떻게 버려요?";

    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task Past_the_messages_per_minute_a_message_is_429_with_retry_after_and_no_model_call()
    {
        await using var factory = Host(("Chat:MessagesPerMinute", "2"));
        var client = Client(factory, ChatModelHost.NewUserId());
        host.OpenAi.Enqueue(Answer(), Answer(), Answer());
        var before = host.OpenAi.CallCount;

        (await client.SendAsync(ChatModelHost.Message(new { message = Question }))).StatusCode.Should().Be(HttpStatusCode.OK);
        _clock.Advance(TimeSpan.FromSeconds(20));
        (await client.SendAsync(ChatModelHost.Message(new { message = Question }))).StatusCode.Should().Be(HttpStatusCode.OK);
        using var refused = await client.SendAsync(ChatModelHost.Message(new { message = Question }));

        var problem = await ChatModelHost.ReadJsonAsync(refused, HttpStatusCode.TooManyRequests);
        problem.GetProperty("type").GetString().Should().Be(ChatProblems.RateLimitedType);
        refused.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(40));
        host.OpenAi.CallCount.Should().Be(before + 2);

        _clock.Advance(TimeSpan.FromSeconds(41));
        (await client.SendAsync(ChatModelHost.Message(new { message = Question }))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_limit_is_per_user()
    {
        await using var factory = Host(("Chat:MessagesPerMinute", "1"));
        host.OpenAi.Enqueue(Answer(), Answer());

        foreach (var userId in new[] { ChatModelHost.NewUserId(), ChatModelHost.NewUserId() })
        {
            using var response = await Client(factory, userId).SendAsync(ChatModelHost.Message(new { message = Question }));
            response.StatusCode.Should().Be(HttpStatusCode.OK);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Once_the_daily_token_quota_is_used_a_message_is_429_until_midnight_utc(bool stream)
    {
        // Tomorrow, so the clock only moves forward whatever the time of day the test runs.
        _clock.SetUtcNow(new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date.AddDays(1).AddHours(15), TimeSpan.Zero));
        // A quota one turn's reservation (prompt estimate + 400) fits in; the answer then reports it all used.
        await using var factory = Host(("Chat:DailyTokenQuota", "20000"));
        var userId = ChatModelHost.NewUserId();
        var client = Client(factory, userId);
        host.OpenAi.Enqueue(Answer().WithUsage(15_000, 5_000));
        var before = host.OpenAi.CallCount;

        (await client.SendAsync(ChatModelHost.Message(new { message = Question }))).StatusCode.Should().Be(HttpStatusCode.OK);
        var used = await factory.Dapr.GetStateAsync<long>("statestore", ChatTokenQuota.KeyFor(userId, _clock.GetUtcNow()));
        using var refused = await client.SendAsync(ChatModelHost.Message(new { message = Question }, stream));

        used.Should().Be(20_000);
        var problem = await ChatModelHost.ReadJsonAsync(refused, HttpStatusCode.TooManyRequests);
        problem.GetProperty("type").GetString().Should().Be(ChatProblems.QuotaExhaustedType);
        problem.GetProperty("detail").GetString().Should().Contain(20_000.ToString("N0"));
        problem.GetProperty("retryAfterSeconds").GetInt32().Should().Be(9 * 3600);
        refused.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromHours(9));
        host.OpenAi.CallCount.Should().Be(before + 1);
    }

    [Fact]
    public async Task A_socket_whose_user_has_used_the_quota_gets_a_clear_error_frame()
    {
        await using var factory = Host(("Chat:DailyTokenQuota", "20000"));
        var userId = ChatModelHost.NewUserId();
        host.OpenAi.Enqueue(Answer().WithUsage(16_000, 4_000));
        var before = host.OpenAi.CallCount;
        using var socket = await ChatSocket.ConnectAsync(factory.Server, Token(userId));

        await socket.SendAsync(new { message = Question });
        (await socket.ReceiveAnswerAsync()).Select(ChatSocket.Type).Should().EndWith("done");
        await socket.SendAsync(new { message = Question });
        var frames = await socket.ReceiveAnswerAsync();

        var error = frames.Single();
        ChatSocket.Type(error).Should().Be("error");
        error.GetProperty("error").GetProperty("type").GetString().Should().Be(ChatProblems.QuotaExhaustedType);
        error.GetProperty("error").GetProperty("status").GetInt32().Should().Be(429);
        error.GetProperty("error").GetProperty("retryAfterSeconds").GetInt32().Should().BePositive();
        host.OpenAi.CallCount.Should().Be(before + 1);
    }

    [Fact]
    public async Task The_quota_starts_again_the_next_utc_day()
    {
        _clock.SetUtcNow(new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date.AddDays(1).AddHours(23), TimeSpan.Zero));
        await using var factory = Host(("Chat:DailyTokenQuota", "20000"));
        var userId = ChatModelHost.NewUserId();
        var client = Client(factory, userId);
        host.OpenAi.Enqueue(Answer().WithUsage(18_000, 2_000), Answer().WithUsage(10, 10));

        (await client.SendAsync(ChatModelHost.Message(new { message = Question }))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.SendAsync(ChatModelHost.Message(new { message = Question }))).StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        _clock.Advance(TimeSpan.FromHours(1));
        client = Client(factory, userId);

        (await client.SendAsync(ChatModelHost.Message(new { message = Question }))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Past_the_global_daily_budget_chat_is_503_with_no_model_call()
    {
        await using var factory = Host(("AiBudget:DailyCalls", "1"));
        var client = Client(factory, ChatModelHost.NewUserId());
        host.OpenAi.Enqueue(Answer());
        var before = host.OpenAi.CallCount;

        (await client.SendAsync(ChatModelHost.Message(new { message = Question }))).StatusCode.Should().Be(HttpStatusCode.OK);
        using var refused = await client.SendAsync(ChatModelHost.Message(new { message = Question }));

        var problem = await ChatModelHost.ReadJsonAsync(refused, HttpStatusCode.ServiceUnavailable);
        problem.GetProperty("type").GetString().Should().Be(ChatProblems.BudgetExhaustedType);
        refused.Headers.RetryAfter!.Delta.Should().BePositive();
        host.OpenAi.CallCount.Should().Be(before + 1);
    }

    [Fact]
    public async Task When_the_budget_cannot_be_reached_chat_refuses_with_503_and_no_model_call()
    {
        // The production budget client, and no vision-analyzer to answer it.
        await using var factory = ChatModelHost.Create(host.Tokens, host.OpenAi.Endpoint, "sk-test", inProcessBudget: false);
        var before = host.OpenAi.CallCount;

        using var response = await host.Tokens.Authorize(factory.CreateClient(), ChatModelHost.NewUserId())
            .SendAsync(ChatModelHost.Message(new { message = Question }));

        var problem = await ChatModelHost.ReadJsonAsync(response, HttpStatusCode.ServiceUnavailable);
        problem.GetProperty("type").GetString().Should().Be(ChatProblems.AiUnavailableType);
        problem.GetProperty("detail").GetString().Should().Contain("budget");
        host.OpenAi.CallCount.Should().Be(before);
    }

    [Fact]
    public async Task An_answer_is_charged_to_the_day_budget_with_its_tokens_and_gpt_4o_mini_cost()
    {
        await using var factory = Host();
        var client = Client(factory, ChatModelHost.NewUserId());
        host.OpenAi.Enqueue(Answer().WithUsage(2_000, 300));

        (await client.SendAsync(ChatModelHost.Message(new { message = Question }))).StatusCode.Should().Be(HttpStatusCode.OK);

        var budget = factory.Services.GetRequiredService<Growbin.TestSupport.Ai.InProcessAiBudget>();
        var today = await budget.GetUsageAsync(AiBudgetDay.Of(_clock.GetUtcNow()), CancellationToken.None);
        today.Calls.Should().Be(1);
        today.PromptTokens.Should().Be(2_000);
        today.CompletionTokens.Should().Be(300);
        today.CostUsd.Should().Be((2_000 * 0.15m + 300 * 0.60m) / 1_000_000m);
    }

    [Fact]
    public async Task Each_message_reserves_under_its_own_id_and_charges_its_usage_under_the_same_one()
    {
        await using var factory = Host();
        var client = Client(factory, ChatModelHost.NewUserId());
        host.OpenAi.Enqueue(Answer().WithUsage(100, 10));
        host.OpenAi.Enqueue(Answer().WithUsage(100, 10));

        (await client.SendAsync(ChatModelHost.Message(new { message = Question }))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.SendAsync(ChatModelHost.Message(new { message = Question }))).StatusCode.Should().Be(HttpStatusCode.OK);

        // The id makes a repeat of either call (a retry on the way to the actor) count once.
        var budget = factory.Services.GetRequiredService<Growbin.TestSupport.Ai.InProcessAiBudget>();
        budget.ReservationIds.Should().HaveCount(2).And.OnlyHaveUniqueItems();
        budget.ChargedIds.Should().Equal(budget.ReservationIds);
    }

    [Fact]
    public async Task The_output_cap_is_sent_to_the_model()
    {
        await using var factory = Host(("OpenAI:MaxOutputTokens", "123"));
        var client = Client(factory, ChatModelHost.NewUserId());
        host.OpenAi.Enqueue(Answer());
        var before = host.OpenAi.CallCount;

        (await client.SendAsync(ChatModelHost.Message(new { message = Question }))).StatusCode.Should().Be(HttpStatusCode.OK);

        var sent = host.RequestsSince(before).Single().Json;
        (sent.TryGetProperty("max_completion_tokens", out var cap) ? cap : sent.GetProperty("max_tokens")).GetInt32().Should().Be(123);
    }

    private static FakeOpenAiResponse Answer() => FakeOpenAiResponse.Stream("우유팩은 ", "종이팩으로 버려요. [item:milk-carton]");

    /// <summary>A token valid for 15 minutes on this test's clock.</summary>
    private string Token(string userId) => host.Tokens.Create(userId, _clock.GetUtcNow().UtcDateTime.AddMinutes(15));

    private HttpClient Client(GrowbinAppFactory<Program> factory, string userId)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token(userId));
        return client;
    }

    private GrowbinAppFactory<Program> Host(params (string Key, string Value)[] settings)
    {
        var factory = ChatModelHost.Create(host.Tokens, host.OpenAi.Endpoint, "sk-test", new InMemoryDaprClient(_clock))
            .WithServices(services => services.AddSingleton<TimeProvider>(_clock));
        foreach (var (key, value) in settings)
        {
            factory = factory.WithSetting(key, value);
        }

        return factory;
    }
}
