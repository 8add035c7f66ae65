using System.Net;
using System.Net.WebSockets;
using Growbin.ChatLlm.Chat;
using Growbin.ChatLlm.Conversations;
using Growbin.ServiceDefaults.Problems;
using Growbin.TestSupport.OpenAi;

namespace Growbin.ChatLlm.Tests;

/// <summary>WebSocket /api/v1/chat/ws: authenticated at upgrade, JSON in, deltas then done (or error) out, close cancels.</summary>
public sealed class ChatSocketTests(ChatModelHost host) : IClassFixture<ChatModelHost>
{
    private const string Question = "우유팩 어떻게 버려요?";

    [Fact]
    public async Task An_upgrade_without_a_token_is_refused_with_401_and_no_socket()
    {
        var connect = () => ChatSocket.ConnectAsync(host.Factory.Server, accessToken: null);

        (await connect.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("401");
    }

    [Fact]
    public async Task A_plain_get_without_an_upgrade_is_a_400_problem()
    {
        using var response = await host.ClientFor(ChatModelHost.NewUserId()).GetAsync(ChatSocket.Path);

        var problem = await ChatModelHost.ReadJsonAsync(response, HttpStatusCode.BadRequest);
        problem.GetProperty("detail").GetString().Should().Contain("WebSocket");
    }

    [Fact]
    public async Task A_message_streams_deltas_then_done_and_the_next_message_continues_the_conversation()
    {
        var userId = ChatModelHost.NewUserId();
        var before = host.OpenAi.CallCount;
        host.OpenAi.Enqueue(
            FakeOpenAiResponse.Stream("우유팩은 ", "헹궈서 ", "종이팩으로 버려요. ", "[item:milk-carton]"),
            FakeOpenAiResponse.Stream("뚜껑은 ", "플라스틱으로 버려요."));
        using var socket = await ChatSocket.ConnectAsync(host.Factory.Server, host.Tokens.For(userId));

        await socket.SendAsync(new { message = Question });
        var first = await socket.ReceiveAnswerAsync();

        first.Select(ChatSocket.Type).Should().Equal("delta", "delta", "delta", "delta", "done");
        first.Take(4).Select(f => f.GetProperty("text").GetString())
            .Should().Equal("우유팩은 ", "헹궈서 ", "종이팩으로 버려요. ", "[item:milk-carton]");
        var done = first[^1];
        done.GetProperty("reply").GetString().Should().Be("우유팩은 헹궈서 종이팩으로 버려요. [item:milk-carton]");
        done.GetProperty("citations").EnumerateArray().Select(c => c.GetProperty("itemId").GetString()).Should().Equal("milk-carton");
        var conversationId = done.GetProperty("conversationId").GetString()!;

        await socket.SendAsync(new { conversationId, message = "뚜껑은요?" });
        var second = await socket.ReceiveAnswerAsync();

        second.Select(ChatSocket.Type).Should().Equal("delta", "delta", "done");
        second[^1].GetProperty("conversationId").GetString().Should().Be(conversationId);
        var requests = host.RequestsSince(before);
        requests.Should().HaveCount(2);
        ChatModelHost.Messages(requests[1]).Select(m => m.Text).Should().ContainInOrder(Question, done.GetProperty("reply").GetString(), "뚜껑은요?");
        var stored = await host.Store.GetAsync(conversationId, userId);
        stored!.Turns.Select(t => t.Role).Should().Equal(TurnRoles.User, TurnRoles.Assistant, TurnRoles.User, TurnRoles.Assistant);
    }

    [Fact]
    public async Task Closing_the_socket_mid_answer_cancels_the_model_call_and_nothing_is_remembered()
    {
        var userId = ChatModelHost.NewUserId();
        var conversation = await host.Store.CreateAsync(userId);
        var before = host.OpenAi.CallCount;
        // Thirty pieces a second apart: a long window to close in after the first; the fake cuts the wait short when it does.
        string[] pieces = ["우유팩은 ", .. Enumerable.Repeat("헹궈서 ", 29)];
        host.OpenAi.Enqueue(FakeOpenAiResponse.Stream(pieces).WithChunkDelay(TimeSpan.FromSeconds(1)));
        using var socket = await ChatSocket.ConnectAsync(host.Factory.Server, host.Tokens.For(userId));

        await socket.SendAsync(new { conversationId = conversation.Id, message = Question });
        var first = await socket.ReceiveAsync();
        ChatSocket.Type(first!.Value).Should().Be("delta");
        await socket.Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "enough", CancellationToken.None).WaitAsync(ChatModelHost.Patience);

        socket.Socket.State.Should().Be(WebSocketState.Closed);
        var upstream = host.RequestsSince(before).Single();
        await upstream.Answered.WaitAsync(ChatModelHost.Patience);
        upstream.ClientDisconnected.Should().BeTrue();
        (await host.Store.GetAsync(conversation.Id, userId))!.Turns.Should().BeEmpty();
    }

    [Fact]
    public async Task Bad_frames_get_a_validation_error_frame_and_the_socket_stays_usable()
    {
        var userId = ChatModelHost.NewUserId();
        var before = host.OpenAi.CallCount;
        using var socket = await ChatSocket.ConnectAsync(host.Factory.Server, host.Tokens.For(userId));

        await socket.SendTextAsync("이건 JSON이 아니에요");
        var notJson = (await socket.ReceiveAsync())!.Value;
        await socket.SendAsync(new { message = "" });
        var empty = (await socket.ReceiveAsync())!.Value;
        await socket.SendAsync(new { message = new string('가', 10_000) });
        var tooLong = (await socket.ReceiveAsync())!.Value;

        foreach (var frame in new[] { notJson, empty, tooLong })
        {
            ChatSocket.Type(frame).Should().Be("error");
            frame.GetProperty("error").GetProperty("status").GetInt32().Should().Be(400);
            frame.GetProperty("error").GetProperty("type").GetString().Should().Be(ProblemTypes.Validation);
        }

        empty.GetProperty("error").GetProperty("errors").GetProperty("message")[0].GetString().Should().Contain("required");
        tooLong.GetProperty("error").GetProperty("errors").GetProperty("message")[0].GetString().Should().Contain("2000");
        host.OpenAi.CallCount.Should().Be(before);

        host.OpenAi.Enqueue(FakeOpenAiResponse.Stream("네, 말씀하세요."));
        await socket.SendAsync(new { message = Question });
        (await socket.ReceiveAnswerAsync()).Select(ChatSocket.Type).Should().Equal("delta", "done");
    }

    [Fact]
    public async Task A_frame_over_64_KiB_closes_the_socket_with_message_too_big()
    {
        using var socket = await ChatSocket.ConnectAsync(host.Factory.Server, host.Tokens.For(ChatModelHost.NewUserId()));

        await socket.SendAsync(new { message = new string('가', 30_000) });

        (await socket.ReceiveAsync()).Should().BeNull();
        socket.Socket.CloseStatus.Should().Be(WebSocketCloseStatus.MessageTooBig);
    }

    [Fact]
    public async Task A_message_sent_while_an_answer_streams_gets_a_busy_error_and_is_not_answered()
    {
        var userId = ChatModelHost.NewUserId();
        var before = host.OpenAi.CallCount;
        string[] pieces = ["우유팩은 ", .. Enumerable.Repeat("헹궈서 ", 29)];
        host.OpenAi.Enqueue(FakeOpenAiResponse.Stream(pieces).WithChunkDelay(TimeSpan.FromSeconds(1)));
        using var socket = await ChatSocket.ConnectAsync(host.Factory.Server, host.Tokens.For(userId));
        await socket.SendAsync(new { message = Question });
        ChatSocket.Type((await socket.ReceiveAsync())!.Value).Should().Be("delta");

        await socket.SendAsync(new { message = "하나 더요" });
        var next = await socket.ReceiveAnswerAsync();

        var error = next[^1];
        ChatSocket.Type(error).Should().Be("error");
        error.GetProperty("error").GetProperty("type").GetString().Should().Be(ChatProblems.SocketBusyType);
        error.GetProperty("error").GetProperty("status").GetInt32().Should().Be(409);
        next.SkipLast(1).Select(ChatSocket.Type).Distinct().Should().BeSubsetOf(["delta"]);
        host.OpenAi.CallCount.Should().Be(before + 1);
    }
}
