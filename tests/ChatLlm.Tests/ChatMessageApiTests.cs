using System.Net;
using Growbin.ChatLlm.Conversations;
using Growbin.ChatLlm.Grounding;
using Growbin.Contracts;
using Growbin.ServiceDefaults.Problems;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.OpenAi;
using Microsoft.Extensions.DependencyInjection;

namespace Growbin.ChatLlm.Tests;

/// <summary>POST /api/v1/chat/message as JSON: grounding, citations, memory, and the refusals before any model call.</summary>
public sealed class ChatMessageApiTests(ChatModelHost host) : IClassFixture<ChatModelHost>
{
    private const string MilkQuestion = "우유팩 어떻게 버려요?";

    [Fact]
    public async Task A_reply_cites_only_known_items_and_both_turns_are_remembered()
    {
        var userId = ChatModelHost.NewUserId();
        var before = host.OpenAi.CallCount;
        host.OpenAi.Enqueue(FakeOpenAiResponse.Stream("우유팩은 헹궈서 말린 뒤 ", "종이팩으로 따로 버려요. [item:milk-carton]", " [item:no-such-item]"));

        var response = await host.ClientFor(userId).SendAsync(ChatModelHost.Message(new { message = "  " + MilkQuestion + " " }));

        var body = await ChatModelHost.ReadJsonAsync(response, HttpStatusCode.OK);
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
        var conversationId = body.GetProperty("conversationId").GetString()!;
        ConversationId.IsValid(conversationId).Should().BeTrue();
        body.GetProperty("reply").GetString().Should().StartWith("우유팩은 헹궈서 말린 뒤 종이팩으로");
        var citations = body.GetProperty("citations").EnumerateArray().ToList();
        citations.Select(c => c.GetProperty("itemId").GetString()).Should().Equal("milk-carton");
        citations[0].GetProperty("name").GetString().Should().NotBeNullOrWhiteSpace();

        var request = host.RequestsSince(before).Single();
        request.Stream.Should().BeTrue();
        request.Json.GetProperty("model").GetString().Should().Be("gpt-4o-mini");
        var maxTokens = request.Json.TryGetProperty("max_completion_tokens", out var m) ? m : request.Json.GetProperty("max_tokens");
        maxTokens.GetInt32().Should().Be(400);
        ChatModelHost.Messages(request).Select(x => x.Role).Should().Equal("system", "user");
        ChatModelHost.Messages(request)[1].Text.Should().Be(MilkQuestion);

        var stored = await host.Store.GetAsync(conversationId, userId);
        stored!.Turns.Select(t => t.Role).Should().Equal(TurnRoles.User, TurnRoles.Assistant);
        stored.Turns[0].Content.Should().Be(MilkQuestion);
        stored.Turns[1].Content.Should().Be(body.GetProperty("reply").GetString());
        stored.Turns[1].Citations.Should().Equal("milk-carton");
    }

    [Fact]
    public async Task The_system_prompt_grounds_on_the_matched_items_and_tells_the_model_to_refuse_off_topic()
    {
        var before = host.OpenAi.CallCount;
        host.OpenAi.Enqueue(FakeOpenAiResponse.Stream("종이팩으로 버려요. [item:milk-carton]"));

        var response = await host.ClientFor(ChatModelHost.NewUserId()).SendAsync(ChatModelHost.Message(new { message = MilkQuestion }));

        await ChatModelHost.ReadJsonAsync(response, HttpStatusCode.OK);
        var system = ChatModelHost.Messages(host.RequestsSince(before).Single())[0];
        system.Role.Should().Be("system");
        system.Text.Should().Contain(ChatGrounding.RefusalInstruction);
        system.Text.Should().Contain("해요체").And.Contain("[item:");
        system.Text.Should().Contain("KNOWLEDGE:").And.Contain("\"id\":\"milk-carton\"");
    }

    [Fact]
    public async Task A_second_turn_sends_the_history_and_the_earlier_citations()
    {
        var userId = ChatModelHost.NewUserId();
        var client = host.ClientFor(userId);
        host.OpenAi.Enqueue(
            FakeOpenAiResponse.Stream("종이팩으로 버려요. [item:milk-carton]"),
            FakeOpenAiResponse.Stream("뚜껑은 떼서 플라스틱으로 버려요."));
        var first = await ChatModelHost.ReadJsonAsync(
            await client.SendAsync(ChatModelHost.Message(new { message = MilkQuestion })), HttpStatusCode.OK);
        var conversationId = first.GetProperty("conversationId").GetString()!;
        var before = host.OpenAi.CallCount;

        var second = await ChatModelHost.ReadJsonAsync(
            await client.SendAsync(ChatModelHost.Message(new { conversationId, message = "뚜껑은요?" })), HttpStatusCode.OK);

        second.GetProperty("conversationId").GetString().Should().Be(conversationId);
        second.GetProperty("citations").GetArrayLength().Should().Be(0);
        var messages = ChatModelHost.Messages(host.RequestsSince(before).Single());
        messages.Select(x => x.Role).Should().Equal("system", "user", "assistant", "user");
        messages[1].Text.Should().Be(MilkQuestion);
        messages[2].Text.Should().Be("종이팩으로 버려요. [item:milk-carton]");
        messages[3].Text.Should().Be("뚜껑은요?");
        messages[0].Text.Should().Contain("\"id\":\"milk-carton\"", "the previous answer's citation stays in the grounding");
        var stored = await host.Store.GetAsync(conversationId, userId);
        stored!.Turns.Select(t => t.Content).Should().Equal(MilkQuestion, "종이팩으로 버려요. [item:milk-carton]", "뚜껑은요?", "뚜껑은 떼서 플라스틱으로 버려요.");
    }

    [Fact]
    public async Task Another_users_conversation_is_404_and_the_model_is_not_called()
    {
        var conversation = await host.Store.CreateAsync(ChatModelHost.NewUserId());
        var before = host.OpenAi.CallCount;

        var response = await host.ClientFor(ChatModelHost.NewUserId())
            .SendAsync(ChatModelHost.Message(new { conversationId = conversation.Id, message = MilkQuestion }));

        var problem = await ChatModelHost.ReadJsonAsync(response, HttpStatusCode.NotFound);
        problem.GetProperty("type").GetString().Should().Be(ProblemTypes.Base + "conversation-not-found");
        host.OpenAi.CallCount.Should().Be(before);
    }

    public static TheoryData<string, string?, string> InvalidMessages => new()
    {
        { "", null, "message" },
        { "   \n ", null, "message" },
        { new string('가', 10_000), null, "message" },
        { new string('가', 2_001), null, "message" },
        { MilkQuestion, "NOT-A-SCAN", "scanId" },
    };

    [Theory]
    [MemberData(nameof(InvalidMessages))]
    public async Task An_invalid_message_is_400_nothing_is_stored_and_the_model_is_not_called(string message, string? scanId, string field)
    {
        var userId = ChatModelHost.NewUserId();
        var conversation = await host.Store.CreateAsync(userId);
        var before = host.OpenAi.CallCount;

        var response = await host.ClientFor(userId)
            .SendAsync(ChatModelHost.Message(new { conversationId = conversation.Id, message, scanId }));

        var problem = await ChatModelHost.ReadJsonAsync(response, HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue();
        host.OpenAi.CallCount.Should().Be(before);
        (await host.Store.GetAsync(conversation.Id, userId))!.Turns.Should().BeEmpty();
    }

    [Fact]
    public async Task A_message_of_exactly_2000_characters_and_a_scan_id_are_accepted_and_the_scan_id_is_remembered()
    {
        var userId = ChatModelHost.NewUserId();
        var scanId = new string('a', 32);
        host.OpenAi.Enqueue(FakeOpenAiResponse.Stream("확인했어요."));

        var body = await ChatModelHost.ReadJsonAsync(await host.ClientFor(userId)
            .SendAsync(ChatModelHost.Message(new { message = new string('가', 2_000), scanId })), HttpStatusCode.OK);

        var stored = await host.Store.GetAsync(body.GetProperty("conversationId").GetString()!, userId);
        stored!.Turns[0].ScanId.Should().Be(scanId);
    }

    [Fact]
    public async Task Without_a_token_it_is_401()
    {
        var response = await host.Factory.CreateClient().SendAsync(ChatModelHost.Message(new { message = MilkQuestion }));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Without_an_api_key_it_is_503_ai_unavailable_and_nothing_is_called()
    {
        var dapr = new InMemoryDaprClient().SetSecret(DaprComponents.SecretStore, "some-other-secret", new() { ["some-other-secret"] = "x" });
        await using var factory = ChatModelHost.Create(host.Tokens, host.OpenAi.Endpoint, apiKey: null, dapr);
        var before = host.OpenAi.CallCount;

        var response = await host.Tokens.Authorize(factory.CreateClient(), ChatModelHost.NewUserId())
            .SendAsync(ChatModelHost.Message(new { message = MilkQuestion }));

        var problem = await ChatModelHost.ReadJsonAsync(response, HttpStatusCode.ServiceUnavailable);
        problem.GetProperty("type").GetString().Should().Be(ProblemTypes.Base + "ai-unavailable");
        host.OpenAi.CallCount.Should().Be(before);
    }

    [Fact]
    public async Task The_key_comes_from_the_dapr_secret_store_when_configuration_has_none()
    {
        var dapr = new InMemoryDaprClient().SetSecret(DaprComponents.SecretStore, "openai-api-key", new() { ["openai-api-key"] = "sk-from-secret" });
        await using var factory = ChatModelHost.Create(host.Tokens, host.OpenAi.Endpoint, apiKey: null, dapr);
        var before = host.OpenAi.CallCount;
        host.OpenAi.Enqueue(FakeOpenAiResponse.Stream("종이팩으로 버려요."));

        var response = await host.Tokens.Authorize(factory.CreateClient(), ChatModelHost.NewUserId())
            .SendAsync(ChatModelHost.Message(new { message = MilkQuestion }));

        await ChatModelHost.ReadJsonAsync(response, HttpStatusCode.OK);
        host.RequestsSince(before).Single().Authorization.Should().Be("Bearer sk-from-secret");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_rate_limited_model_is_503_problem_details_and_nothing_is_remembered(bool stream)
    {
        var userId = ChatModelHost.NewUserId();
        var conversation = await host.Store.CreateAsync(userId);
        host.OpenAi.Enqueue(FakeOpenAiResponse.RateLimited());

        var response = await host.ClientFor(userId)
            .SendAsync(ChatModelHost.Message(new { conversationId = conversation.Id, message = MilkQuestion }, stream));

        var problem = await ChatModelHost.ReadJsonAsync(response, HttpStatusCode.ServiceUnavailable);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        problem.GetProperty("type").GetString().Should().Be(ProblemTypes.Base + "ai-unavailable");
        problem.GetProperty("status").GetInt32().Should().Be(503);
        (await host.Store.GetAsync(conversation.Id, userId))!.Turns.Should().BeEmpty();
    }

    [Fact]
    public async Task A_model_server_error_is_502_problem_details()
    {
        host.OpenAi.Enqueue(FakeOpenAiResponse.ServerError(HttpStatusCode.ServiceUnavailable));

        var response = await host.ClientFor(ChatModelHost.NewUserId()).SendAsync(ChatModelHost.Message(new { message = MilkQuestion }));

        var problem = await ChatModelHost.ReadJsonAsync(response, HttpStatusCode.BadGateway);
        problem.GetProperty("type").GetString().Should().Be(ProblemTypes.Base + "ai-failed");
    }

    [Fact]
    public async Task A_model_slower_than_the_timeout_is_504_and_nothing_is_remembered()
    {
        // The SDK's network timeout (OpenAI:Timeout) gives up on a model that has not answered; the fake waits longer.
        await using var factory = ChatModelHost.Create(host.Tokens, host.OpenAi.Endpoint, "sk-test").WithSetting("OpenAI:Timeout", "00:00:01");
        var userId = ChatModelHost.NewUserId();
        var conversation = await factory.Services.GetRequiredService<ConversationStore>().CreateAsync(userId);
        host.OpenAi.Enqueue(FakeOpenAiResponse.Stream("늦은 답이에요.").After(TimeSpan.FromSeconds(10)));

        using var response = await host.Tokens.Authorize(factory.CreateClient(), userId)
            .SendAsync(ChatModelHost.Message(new { conversationId = conversation.Id, message = MilkQuestion }));

        var problem = await ChatModelHost.ReadJsonAsync(response, HttpStatusCode.GatewayTimeout);
        problem.GetProperty("type").GetString().Should().Be(ProblemTypes.Base + "ai-failed");
        (await factory.Services.GetRequiredService<ConversationStore>().GetAsync(conversation.Id, userId))!.Turns.Should().BeEmpty();
    }
}
