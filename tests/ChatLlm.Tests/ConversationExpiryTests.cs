using System.Net;
using Growbin.ChatLlm.Conversations;
using Growbin.ServiceDefaults.Problems;

namespace Growbin.ChatLlm.Tests;

/// <summary>The state store forgets a conversation 7 days after its last write; the API then answers 404.</summary>
public sealed class ConversationExpiryTests(ChatLlmHost host) : IClassFixture<ChatLlmHost>
{
    [Fact]
    public async Task A_conversation_is_404_once_7_days_pass_without_a_message()
    {
        var userId = ChatLlmHost.NewUserId();
        var client = host.ClientFor(userId);
        var conversation = await host.Store.CreateAsync(userId);
        await host.Store.AppendAsync(conversation.Id, userId, [new ConversationTurn(TurnRoles.User, "페트병 라벨은요?", DateTimeOffset.UtcNow)]);
        var path = $"/api/v1/chat/conversations/{conversation.Id}";

        host.StateClock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));
        (await client.GetAsync(path)).StatusCode.Should().Be(HttpStatusCode.OK);

        host.StateClock.Advance(TimeSpan.FromSeconds(1));
        var body = await ChatLlmHost.ReadJsonAsync(await client.GetAsync(path), HttpStatusCode.NotFound);
        body.GetProperty("type").GetString().Should().Be(ProblemTypes.Base + "conversation-not-found");
    }
}
