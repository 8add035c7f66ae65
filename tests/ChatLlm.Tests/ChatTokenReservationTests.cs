using System.Globalization;
using System.Net;
using Growbin.ChatLlm.Chat;
using Growbin.ChatLlm.CostGuard;
using Growbin.Contracts;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Hosting;
using Growbin.TestSupport.OpenAi;
using Microsoft.Extensions.DependencyInjection;

namespace Growbin.ChatLlm.Tests;

/// <summary>
/// The daily token quota is reserved before the model call (the prompt estimate plus <c>OpenAI:MaxOutputTokens</c>)
/// and settled to the reported usage after it, so parallel turns cannot together pass the quota. Each case has its
/// own host and clock; the fake's call count shows which turns reached the model.
/// </summary>
public sealed class ChatTokenReservationTests(ChatModelHost host) : IClassFixture<ChatModelHost>
{
    private const string Question = "우유팩 어떻게 버려요?";
    private const int OutputCap = 400;

    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_turn_reserves_its_estimate_before_the_model_call_and_settles_to_the_usage_after()
    {
        await using var factory = Host();
        var userId = ChatModelHost.NewUserId();
        var key = ChatTokenQuota.KeyFor(userId, _clock.GetUtcNow());
        host.OpenAi.Enqueue(Answer().WithUsage(700, 50));
        var before = host.OpenAi.CallCount;
        int? callsAtReservation = null, callsAtSettlement = null;
        string? heldDuringTheCall = null;
        factory.Dapr.BeforeNextSave(DaprComponents.StateStore, key, () =>
        {
            callsAtReservation = host.OpenAi.CallCount;
            factory.Dapr.BeforeNextSave(DaprComponents.StateStore, key, () =>
            {
                callsAtSettlement = host.OpenAi.CallCount;
                heldDuringTheCall = factory.Dapr.GetStoredJson(DaprComponents.StateStore, key);
            });
        });

        (await Client(factory, userId).SendAsync(ChatModelHost.Message(new { message = Question }))).StatusCode.Should().Be(HttpStatusCode.OK);

        callsAtReservation.Should().Be(before, "the reservation is written before the model is called");
        callsAtSettlement.Should().Be(before + 1);
        heldDuringTheCall.Should().Be(ReservationOf(host.RequestsSince(before).Single()).ToString(CultureInfo.InvariantCulture));
        factory.Dapr.GetStoredJson(DaprComponents.StateStore, key).Should().Be("750", "the settlement gives back what the answer did not use");
    }

    [Fact]
    public async Task Parallel_turns_past_the_quota_call_the_model_only_for_those_that_fit()
    {
        const int turns = 6;
        const int fitting = 3;
        var reservation = await ReservationOfOneTurnAsync();
        // Room for three reservations and half of a fourth; each answer uses all it reserved, so nothing is given back.
        await using var factory = Host(
            ("Chat:DailyTokenQuota", (fitting * reservation + reservation / 2).ToString(CultureInfo.InvariantCulture)),
            ("Chat:MessagesPerMinute", "100"));
        var userId = ChatModelHost.NewUserId();
        for (var i = 0; i < fitting; i++)
        {
            host.OpenAi.Enqueue(Answer().WithUsage((int)reservation - OutputCap, OutputCap));
        }

        var before = host.OpenAi.CallCount;
        var client = Client(factory, userId);

        var answers = await Task.WhenAll(Enumerable.Range(0, turns)
            .Select(_ => client.SendAsync(ChatModelHost.Message(new { message = Question }))));

        host.OpenAi.CallCount.Should().Be(before + fitting);
        answers.Count(a => a.StatusCode == HttpStatusCode.OK).Should().Be(fitting);
        var refused = answers.Where(a => a.StatusCode != HttpStatusCode.OK).ToList();
        refused.Should().HaveCount(turns - fitting);
        foreach (var answer in refused)
        {
            var problem = await ChatModelHost.ReadJsonAsync(answer, HttpStatusCode.TooManyRequests);
            problem.GetProperty("type").GetString().Should().Be(ChatProblems.QuotaExhaustedType);
            answer.Headers.RetryAfter!.Delta.Should().BePositive();
        }

        var used = await factory.Dapr.GetStateAsync<long>(DaprComponents.StateStore, ChatTokenQuota.KeyFor(userId, _clock.GetUtcNow()));
        used.Should().Be(fitting * reservation);
    }

    [Fact]
    public async Task A_call_the_model_refuses_outright_gives_the_whole_reservation_back()
    {
        await using var factory = Host();
        var userId = ChatModelHost.NewUserId();
        host.OpenAi.Enqueue(FakeOpenAiResponse.RateLimited());

        (await Client(factory, userId).SendAsync(ChatModelHost.Message(new { message = Question }))).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);

        factory.Dapr.GetStoredJson(DaprComponents.StateStore, ChatTokenQuota.KeyFor(userId, _clock.GetUtcNow())).Should().Be("0");
    }

    [Fact]
    public async Task A_stream_that_breaks_without_usage_keeps_the_prompt_estimate()
    {
        await using var factory = Host();
        var userId = ChatModelHost.NewUserId();
        host.OpenAi.Enqueue(FakeOpenAiResponse.Stream("우유팩은 ", "헹궈서 ", "버려요.").ErrorAfter(1));
        var before = host.OpenAi.CallCount;

        using var response = await Client(factory, userId).SendAsync(ChatModelHost.Message(new { message = Question }, stream: true));
        (await ChatModelHost.ReadEventsAsync(response)).Select(e => e.Event).Should().Equal("delta", "error");

        var prompt = ReservationOf(host.RequestsSince(before).Single()) - OutputCap;
        factory.Dapr.GetStoredJson(DaprComponents.StateStore, ChatTokenQuota.KeyFor(userId, _clock.GetUtcNow()))
            .Should().Be(prompt.ToString(CultureInfo.InvariantCulture), "the provider bills the prompt of a call it began");
    }

    [Fact]
    public async Task A_turn_the_global_budget_refuses_gives_its_reservation_back()
    {
        await using var factory = Host(("AiBudget:DailyCalls", "1"));
        var userId = ChatModelHost.NewUserId();
        var client = Client(factory, userId);
        host.OpenAi.Enqueue(Answer().WithUsage(100, 20));

        (await client.SendAsync(ChatModelHost.Message(new { message = Question }))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.SendAsync(ChatModelHost.Message(new { message = Question }))).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);

        factory.Dapr.GetStoredJson(DaprComponents.StateStore, ChatTokenQuota.KeyFor(userId, _clock.GetUtcNow())).Should().Be("120");
    }

    [Fact]
    public async Task A_quota_smaller_than_one_reservation_refuses_before_any_call()
    {
        await using var factory = Host(("Chat:DailyTokenQuota", "100"));
        var userId = ChatModelHost.NewUserId();
        var before = host.OpenAi.CallCount;

        using var refused = await Client(factory, userId).SendAsync(ChatModelHost.Message(new { message = Question }));

        (await ChatModelHost.ReadJsonAsync(refused, HttpStatusCode.TooManyRequests)).GetProperty("type").GetString().Should().Be(ChatProblems.QuotaExhaustedType);
        host.OpenAi.CallCount.Should().Be(before);
        factory.Dapr.StateKeys(DaprComponents.StateStore).Should().BeEmpty("a refused reservation writes nothing");
    }

    /// <summary>What one turn of <see cref="Question"/> in a new conversation reserves, from a probe turn's request.</summary>
    private async Task<long> ReservationOfOneTurnAsync()
    {
        await using var probe = Host();
        host.OpenAi.Enqueue(Answer());
        var before = host.OpenAi.CallCount;
        (await Client(probe, ChatModelHost.NewUserId()).SendAsync(ChatModelHost.Message(new { message = Question }))).StatusCode.Should().Be(HttpStatusCode.OK);
        return ReservationOf(host.RequestsSince(before).Single());
    }

    /// <summary>The estimate chat-llm makes of the request the model received, plus the output cap.</summary>
    private static long ReservationOf(FakeOpenAiRequest request) =>
        ChatTokenQuota.PromptEstimate(ChatModelHost.Messages(request).Select(m => m.Text)) + OutputCap;

    private static FakeOpenAiResponse Answer() => FakeOpenAiResponse.Stream("우유팩은 ", "종이팩으로 버려요. [item:milk-carton]");

    private HttpClient Client(GrowbinAppFactory<Program> factory, string userId)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer",
            host.Tokens.Create(userId, _clock.GetUtcNow().UtcDateTime.AddMinutes(15)));
        return client;
    }

    private GrowbinAppFactory<Program> Host(params (string Key, string Value)[] settings)
    {
        var factory = ChatModelHost.Create(host.Tokens, host.OpenAi.Endpoint, "sk-test", new InMemoryDaprClient(_clock))
            .WithSetting("OpenAI:MaxOutputTokens", OutputCap.ToString(CultureInfo.InvariantCulture))
            .WithServices(services => services.AddSingleton<TimeProvider>(_clock));
        foreach (var (key, value) in settings)
        {
            factory = factory.WithSetting(key, value);
        }

        return factory;
    }
}
