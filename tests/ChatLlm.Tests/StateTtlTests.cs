using System.Net;
using Growbin.Contracts;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.OpenAi;
using Xunit.Abstractions;

namespace Growbin.ChatLlm.Tests;

/// <summary>
/// Redis runs with <c>noeviction</c>: a key written without a TTL stays until Redis is full and every write fails.
/// chat-llm's conversations, their per-user index, the token quota and the AI budget all expire; a deleted user's go at once.
/// </summary>
public sealed class StateTtlTests(ChatModelHost host, ITestOutputHelper output) : IClassFixture<ChatModelHost>
{
    [Fact]
    public async Task Answered_continued_and_deleted_conversations_leave_no_state_key_without_a_ttl()
    {
        var stays = ChatModelHost.NewUserId();
        var gone = ChatModelHost.NewUserId();
        host.OpenAi.Enqueue(
            FakeOpenAiResponse.Stream("종이팩으로 버려요. [item:milk-carton]").WithUsage(50, 10),
            FakeOpenAiResponse.Stream("헹궈서 말려요.").WithUsage(70, 8),
            FakeOpenAiResponse.Stream("종이팩이에요.").WithUsage(40, 6));
        var first = await ChatModelHost.ReadJsonAsync(
            await host.ClientFor(stays).SendAsync(ChatModelHost.Message(new { message = "우유팩 어떻게 버려요?" })), HttpStatusCode.OK);
        var conversationId = first.GetProperty("conversationId").GetString();
        await ChatModelHost.ReadJsonAsync(
            await host.ClientFor(stays).SendAsync(ChatModelHost.Message(new { conversationId, message = "씻어야 해요?" })), HttpStatusCode.OK);
        await ChatModelHost.ReadJsonAsync(
            await host.ClientFor(gone).SendAsync(ChatModelHost.Message(new { message = "우유팩은요?" })), HttpStatusCode.OK);
        (await host.Factory.CreateClient().PostAsync("/events/user-deleted", CloudEvents.Envelope(Topics.UserDeleted,
            new { id = Guid.NewGuid(), occurredAt = DateTimeOffset.UtcNow, userId = gone }, "userinfo"))).StatusCode.Should().Be(HttpStatusCode.OK);

        var left = host.StateLeft();
        output.WriteLine(left.ToString());

        left.Keys.Should().Contain(k => k.Key.Contains(stays, StringComparison.Ordinal), "the user who stays keeps an index and a quota count");
        left.Keys.Should().Contain(k => k.Store == StateTtlAudit.ActorStateStore, "the answers were charged to the AI budget");
        left.Keys.Should().NotContain(k => k.Key.Contains(gone, StringComparison.Ordinal), "the deleted user's keys are gone");
        left.WithoutTtl.Should().BeEmpty();
    }
}
