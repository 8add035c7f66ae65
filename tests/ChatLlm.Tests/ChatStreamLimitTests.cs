using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Security.Cryptography;
using Growbin.ChatLlm.Conversations;
using Growbin.Contracts;
using Growbin.ServiceDefaults.RateLimiting;
using Growbin.TestSupport.OpenAi;

namespace Growbin.ChatLlm.Tests;

/// <summary>
/// Abuse: one user opening socket after socket (or SSE answer after SSE answer) to hold the server's connections.
/// Each user holds at most <c>RateLimiting:Streams:MaxPerUser</c> (3) at once; the next is a 429 before any upgrade,
/// and a stream that ends — closed, dropped, or finished — gives its slot back. Real Kestrel on loopback.
/// </summary>
public sealed class ChatStreamLimitTests(LoopbackChatHost host) : IClassFixture<LoopbackChatHost>
{
    private const int Limit = 3;

    [Fact]
    public async Task A_fourth_socket_is_refused_with_429_before_the_upgrade_and_a_closed_one_frees_its_slot()
    {
        var userId = ChatModelHost.NewUserId();
        var token = host.Tokens.For(userId);
        var open = await OpenUpToTheLimitAsync(token);

        using var fourth = host.NewSocket(token);
        var connect = () => fourth.ConnectAsync(host.SocketUri, CancellationToken.None).WaitAsync(ChatModelHost.Patience);

        await connect.Should().ThrowAsync<WebSocketException>();
        fourth.HttpStatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        fourth.HttpResponseHeaders!["Retry-After"].Should().Equal(((int)StreamSlots.RetryAfter.TotalSeconds).ToString());
        host.Slots.OpenFor(userId).Should().Be(Limit);

        await open[0].CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None).WaitAsync(ChatModelHost.Patience);
        await host.WaitForOpenStreamsAsync(userId, Limit - 1);
        using var next = await host.ConnectAsync(token);

        next.State.Should().Be(WebSocketState.Open);
        DisposeAll(open);
    }

    [Fact]
    public async Task The_refused_upgrade_is_a_too_many_streams_problem_and_nothing_is_upgraded()
    {
        var userId = ChatModelHost.NewUserId();
        var token = host.Tokens.For(userId);
        var open = await OpenUpToTheLimitAsync(token);

        // The handshake a browser sends, read as a plain HTTP answer so the body can be checked.
        using var http = host.HttpClientFor(token);
        using var upgrade = new HttpRequestMessage(HttpMethod.Get, ChatSocket.Path)
        {
            Headers =
            {
                { "Connection", "Upgrade" },
                { "Upgrade", "websocket" },
                { "Sec-WebSocket-Version", "13" },
                { "Sec-WebSocket-Key", Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)) },
            },
        };
        using var response = await http.SendAsync(upgrade).WaitAsync(ChatModelHost.Patience);

        var problem = await ChatModelHost.ReadJsonAsync(response, HttpStatusCode.TooManyRequests);
        problem.GetProperty("type").GetString().Should().Be(StreamSlots.TooManyStreamsType);
        problem.GetProperty("status").GetInt32().Should().Be(429);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        response.Headers.RetryAfter!.Delta.Should().Be(StreamSlots.RetryAfter);
        host.Slots.OpenFor(userId).Should().Be(Limit);
        DisposeAll(open);
    }

    [Fact]
    public async Task A_socket_dropped_without_a_close_frees_its_slot()
    {
        var userId = ChatModelHost.NewUserId();
        var token = host.Tokens.For(userId);
        var open = await OpenUpToTheLimitAsync(token);

        open[1].Abort(); // the TCP connection goes, no close frame: a phone losing its network
        await host.WaitForOpenStreamsAsync(userId, Limit - 1);
        using var next = await host.ConnectAsync(token);

        next.State.Should().Be(WebSocketState.Open);
        DisposeAll(open);
    }

    [Fact]
    public async Task Each_user_has_slots_of_their_own()
    {
        var greedy = ChatModelHost.NewUserId();
        var open = new List<ClientWebSocket>();
        for (var i = 0; i < Limit; i++)
        {
            open.Add(await host.ConnectAsync(host.Tokens.For(greedy)));
        }

        using var other = await host.ConnectAsync(host.Tokens.For(ChatModelHost.NewUserId()));

        other.State.Should().Be(WebSocketState.Open);
        DisposeAll(open);
    }

    [Fact]
    public async Task An_sse_answer_past_the_limit_is_a_429_problem_with_no_model_call_and_nothing_stored()
    {
        var userId = ChatModelHost.NewUserId();
        var token = host.Tokens.For(userId);
        var open = await OpenUpToTheLimitAsync(token);

        var calls = host.OpenAi.CallCount;
        using var http = host.HttpClientFor(token);
        using var refused = await http.SendAsync(ChatModelHost.Message(new { message = "우유팩 어떻게 버려요?" }, stream: true));

        var problem = await ChatModelHost.ReadJsonAsync(refused, HttpStatusCode.TooManyRequests);
        problem.GetProperty("type").GetString().Should().Be(StreamSlots.TooManyStreamsType);
        refused.Headers.RetryAfter!.Delta.Should().Be(StreamSlots.RetryAfter);
        host.OpenAi.CallCount.Should().Be(calls);
        host.Dapr.GetStoredJson(DaprComponents.StateStore, ConversationIndex.KeyFor(userId)).Should().BeNull("no conversation was created");

        // A JSON answer is not a stream: it is not counted.
        host.OpenAi.Enqueue(FakeOpenAiResponse.Stream("종이팩으로 버려요."));
        using var json = await http.PostAsJsonAsync(ChatModelHost.MessagePath, new { message = "우유팩 어떻게 버려요?" });
        json.StatusCode.Should().Be(HttpStatusCode.OK);
        DisposeAll(open);
    }

    [Fact]
    public async Task A_finished_sse_answer_gives_its_slot_back()
    {
        var userId = ChatModelHost.NewUserId();
        using var http = host.HttpClientFor(host.Tokens.For(userId));
        for (var i = 0; i < Limit + 2; i++)
        {
            host.OpenAi.Enqueue(FakeOpenAiResponse.Stream("종이팩으로 ", "버려요."));
            using var response = await http.SendAsync(ChatModelHost.Message(new { message = "우유팩 어떻게 버려요?" }, stream: true));
            response.StatusCode.Should().Be(HttpStatusCode.OK, "answer {0} of {1} one after another never holds more than one slot", i + 1, Limit + 2);
            (await ChatModelHost.ReadEventsAsync(response))[^1].Event.Should().Be("done");
        }

        await host.WaitForOpenStreamsAsync(userId, 0);
    }

    private async Task<List<ClientWebSocket>> OpenUpToTheLimitAsync(string token)
    {
        var open = new List<ClientWebSocket>();
        for (var i = 0; i < Limit; i++)
        {
            open.Add(await host.ConnectAsync(token));
        }

        return open;
    }

    private static void DisposeAll(IEnumerable<ClientWebSocket> sockets)
    {
        foreach (var socket in sockets)
        {
            socket.Dispose();
        }
    }
}
