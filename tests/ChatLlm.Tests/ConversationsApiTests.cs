using System.Net;
using Growbin.ChatLlm.Conversations;
using Growbin.ServiceDefaults.Problems;

namespace Growbin.ChatLlm.Tests;

/// <summary>GET /api/v1/chat/conversations/{id}: the owner reads it; to anyone else it does not exist.</summary>
public sealed class ConversationsApiTests(ChatLlmHost host) : IClassFixture<ChatLlmHost>
{
    private const string NotFoundType = ProblemTypes.Base + "conversation-not-found";

    [Fact]
    public async Task The_owner_reads_the_turns_in_order_and_nothing_is_cached()
    {
        var userId = ChatLlmHost.NewUserId();
        var conversation = await host.Store.CreateAsync(userId);
        var asked = DateTimeOffset.UtcNow;
        await host.Store.AppendAsync(conversation.Id, userId,
        [
            new ConversationTurn(TurnRoles.User, "영수증은 어디에 버려요?", asked, ScanId: "scan-42"),
            new ConversationTurn(TurnRoles.Assistant, "감열지라 재활용이 안 돼요. 종량제 봉투에 버려요.", asked, ["thermal-receipt"]),
        ]);

        var response = await host.ClientFor(userId).GetAsync($"/api/v1/chat/conversations/{conversation.Id}");

        var body = await ChatLlmHost.ReadJsonAsync(response, HttpStatusCode.OK);
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
        body.GetProperty("conversationId").GetString().Should().Be(conversation.Id);
        body.GetProperty("createdAt").GetDateTimeOffset().Should().Be(conversation.CreatedAt);
        body.GetProperty("updatedAt").GetDateTimeOffset().Should().BeOnOrAfter(conversation.CreatedAt);
        body.TryGetProperty("userId", out _).Should().BeFalse();
        var turns = body.GetProperty("turns").EnumerateArray().ToList();
        turns.Select(t => t.GetProperty("role").GetString()).Should().Equal("user", "assistant");
        turns[0].GetProperty("content").GetString().Should().Be("영수증은 어디에 버려요?");
        turns[0].GetProperty("scanId").GetString().Should().Be("scan-42");
        turns[0].TryGetProperty("citations", out _).Should().BeFalse();
        turns[0].GetProperty("at").GetDateTimeOffset().Should().Be(asked);
        turns[1].GetProperty("citations").EnumerateArray().Select(c => c.GetString()).Should().Equal("thermal-receipt");
        turns[1].TryGetProperty("scanId", out _).Should().BeFalse();
    }

    [Fact]
    public async Task A_new_conversation_reads_as_empty()
    {
        var userId = ChatLlmHost.NewUserId();
        var conversation = await host.Store.CreateAsync(userId);

        var body = await ChatLlmHost.ReadJsonAsync(
            await host.ClientFor(userId).GetAsync($"/api/v1/chat/conversations/{conversation.Id}"), HttpStatusCode.OK);

        body.GetProperty("turns").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Another_users_conversation_is_404_exactly_like_an_unknown_one()
    {
        var owner = ChatLlmHost.NewUserId();
        var conversation = await host.Store.CreateAsync(owner);
        await host.Store.AppendAsync(conversation.Id, owner, [new ConversationTurn(TurnRoles.User, "비밀", DateTimeOffset.UtcNow)]);
        var stranger = host.ClientFor(ChatLlmHost.NewUserId());

        var theirs = await stranger.GetAsync($"/api/v1/chat/conversations/{conversation.Id}");
        var unknown = await stranger.GetAsync($"/api/v1/chat/conversations/{ConversationId.New()}");

        var theirsBody = await ChatLlmHost.ReadJsonAsync(theirs, HttpStatusCode.NotFound);
        var unknownBody = await ChatLlmHost.ReadJsonAsync(unknown, HttpStatusCode.NotFound);
        theirs.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        theirs.Headers.CacheControl!.NoStore.Should().BeTrue();
        foreach (var field in new[] { "type", "title", "status", "detail" })
        {
            theirsBody.GetProperty(field).ToString().Should().Be(unknownBody.GetProperty(field).ToString(), field);
        }

        theirsBody.GetProperty("type").GetString().Should().Be(NotFoundType);
        (await theirs.Content.ReadAsStringAsync()).Should().NotContain("비밀");
    }

    [Fact]
    public async Task An_unknown_conversation_is_404()
    {
        var response = await host.ClientFor(ChatLlmHost.NewUserId()).GetAsync($"/api/v1/chat/conversations/{ConversationId.New()}");

        var body = await ChatLlmHost.ReadJsonAsync(response, HttpStatusCode.NotFound);
        body.GetProperty("type").GetString().Should().Be(NotFoundType);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("0123456789abcdef0123456789abcdeg")]
    [InlineData("0123456789abcdef0123456789abcdef0")]
    [InlineData("01234567-89ab-cdef-0123-456789abcdef")]
    public async Task A_malformed_id_is_400(string id)
    {
        var response = await host.ClientFor(ChatLlmHost.NewUserId()).GetAsync($"/api/v1/chat/conversations/{id}");

        var body = await ChatLlmHost.ReadJsonAsync(response, HttpStatusCode.BadRequest);
        body.GetProperty("errors").TryGetProperty("id", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Without_a_token_it_is_401()
    {
        var userId = ChatLlmHost.NewUserId();
        var conversation = await host.Store.CreateAsync(userId);
        await host.Store.AppendAsync(conversation.Id, userId, [new ConversationTurn(TurnRoles.User, "비밀", DateTimeOffset.UtcNow)]);

        var response = await host.Factory.CreateClient().GetAsync($"/api/v1/chat/conversations/{conversation.Id}");

        var body = await ChatLlmHost.ReadJsonAsync(response, HttpStatusCode.Unauthorized);
        body.GetProperty("type").GetString().Should().Be(ProblemTypes.Unauthorized);
        response.Headers.WwwAuthenticate.Should().ContainSingle(h => h.Scheme == "Bearer");
        body.TryGetProperty("turns", out _).Should().BeFalse();
        (await response.Content.ReadAsStringAsync()).Should().NotContain("비밀");
    }

    [Fact]
    public async Task An_expired_token_of_the_owner_is_401()
    {
        var userId = ChatLlmHost.NewUserId();
        var conversation = await host.Store.CreateAsync(userId);
        var client = host.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization =
            new("Bearer", host.Tokens.Create(userId, DateTime.UtcNow.AddMinutes(-10)));

        var response = await client.GetAsync($"/api/v1/chat/conversations/{conversation.Id}");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
