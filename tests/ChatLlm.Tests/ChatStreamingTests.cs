using System.Net;
using System.Text;
using Growbin.ChatLlm.Conversations;
using Growbin.ServiceDefaults.Problems;
using Growbin.TestSupport.OpenAi;

namespace Growbin.ChatLlm.Tests;

/// <summary>POST /api/v1/chat/message with Accept: text/event-stream: deltas, then done, error, or a client that leaves.</summary>
public sealed class ChatStreamingTests(ChatModelHost host) : IClassFixture<ChatModelHost>
{
    private const string Question = "우유팩 어떻게 버려요?";

    [Fact]
    public async Task Deltas_arrive_in_order_then_done_with_the_reply_and_citations()
    {
        var userId = ChatModelHost.NewUserId();
        host.OpenAi.Enqueue(FakeOpenAiResponse.Stream("우유팩은 ", "헹궈서 ", "종이팩으로 버려요. ", "[item:milk-carton]"));

        using var response = await host.ClientFor(userId).SendAsync(
            ChatModelHost.Message(new { message = Question }, stream: true), HttpCompletionOption.ResponseHeadersRead);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/event-stream");
        var events = await ChatModelHost.ReadEventsAsync(response);
        events.Select(e => e.Event).Should().Equal("delta", "delta", "delta", "delta", "done");
        events.Take(4).Select(e => e.Data.GetProperty("text").GetString())
            .Should().Equal("우유팩은 ", "헹궈서 ", "종이팩으로 버려요. ", "[item:milk-carton]");
        var done = events[^1].Data;
        done.GetProperty("reply").GetString().Should().Be("우유팩은 헹궈서 종이팩으로 버려요. [item:milk-carton]");
        done.GetProperty("citations").EnumerateArray().Select(c => c.GetProperty("itemId").GetString()).Should().Equal("milk-carton");
        var stored = await host.Store.GetAsync(done.GetProperty("conversationId").GetString()!, userId);
        stored!.Turns.Select(t => t.Role).Should().Equal(TurnRoles.User, TurnRoles.Assistant);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_model_failure_mid_stream_ends_with_an_error_event_and_nothing_is_remembered(bool errorEvent)
    {
        var userId = ChatModelHost.NewUserId();
        var conversation = await host.Store.CreateAsync(userId);
        var answer = FakeOpenAiResponse.Stream("우유팩은 ", "헹궈서 ", "버려요.");
        host.OpenAi.Enqueue(errorEvent ? answer.ErrorAfter(1) : answer.AbortAfter(1));

        using var response = await host.ClientFor(userId).SendAsync(
            ChatModelHost.Message(new { conversationId = conversation.Id, message = Question }, stream: true),
            HttpCompletionOption.ResponseHeadersRead);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var events = await ChatModelHost.ReadEventsAsync(response);
        events.Select(e => e.Event).Should().Equal("delta", "error");
        events[0].Data.GetProperty("text").GetString().Should().Be("우유팩은 ");
        var problem = events[1].Data;
        problem.GetProperty("type").GetString().Should().Be(ProblemTypes.Base + "ai-failed");
        problem.GetProperty("status").GetInt32().Should().Be(502);
        problem.GetProperty("title").GetString().Should().NotBeNullOrWhiteSpace();
        (await host.Store.GetAsync(conversation.Id, userId))!.Turns.Should().BeEmpty();
    }

    [Fact]
    public async Task A_client_that_leaves_cancels_the_model_call_and_nothing_is_remembered()
    {
        var userId = ChatModelHost.NewUserId();
        var conversation = await host.Store.CreateAsync(userId);
        var before = host.OpenAi.CallCount;
        // The fake waits before every piece (the first too, after the role chunk): thirty pieces a second apart leave the
        // client a long window to go in after the first; the fake cuts the wait short when it does.
        string[] pieces = ["우유팩은 ", .. Enumerable.Repeat("헹궈서 ", 29)];
        host.OpenAi.Enqueue(FakeOpenAiResponse.Stream(pieces).WithChunkDelay(TimeSpan.FromSeconds(1)));
        using var cancellation = new CancellationTokenSource();

        var response = await host.ClientFor(userId).SendAsync(
            ChatModelHost.Message(new { conversationId = conversation.Id, message = Question }, stream: true),
            HttpCompletionOption.ResponseHeadersRead, cancellation.Token);
        using (var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellation.Token), Encoding.UTF8))
        {
            var first = await ChatModelHost.ReadEventAsync(reader, cancellation.Token);
            first!.Value.Event.Should().Be("delta");
            first.Value.Data.GetProperty("text").GetString().Should().Be("우유팩은 ");
            await cancellation.CancelAsync();
        }

        response.Dispose();

        var upstream = host.RequestsSince(before).Single();
        await upstream.Answered.WaitAsync(ChatModelHost.Patience);
        upstream.ClientDisconnected.Should().BeTrue();
        host.OpenAi.CancelledStreams.Should().BeGreaterThanOrEqualTo(1);
        (await host.Store.GetAsync(conversation.Id, userId))!.Turns.Should().BeEmpty();
    }
}
