using System.Net.WebSockets;
using Growbin.ChatLlm.Apis;
using Growbin.ChatLlm.Chat;
using Growbin.Contracts;
using Growbin.ServiceDefaults.Authentication;
using Growbin.ServiceDefaults.RateLimiting;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Hosting;
using Growbin.TestSupport.OpenAi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Growbin.ChatLlm.Tests;

/// <summary>
/// Abuse: keeping a chat socket open after its token should stop working. Before every message the socket checks its
/// token again — expiry, the denylist auth's logout writes, the account's deletion — and otherwise sends an error
/// frame and closes with 1008 (policy violation). Nothing is answered, called or stored for that message. Expiry
/// needs no message: an idle socket is closed the moment its token expires, after any answer still streaming.
/// </summary>
public sealed class ChatSocketRevocationTests(ChatModelHost host) : IClassFixture<ChatModelHost>
{
    private const string Question = "우유팩 어떻게 버려요?";

    [Fact]
    public async Task After_logout_the_next_message_gets_token_revoked_and_the_socket_closes_with_1008()
    {
        var userId = ChatModelHost.NewUserId();
        var token = host.Tokens.For(userId);
        using var socket = await ChatSocket.ConnectAsync(host.Factory.Server, token);
        var conversationId = await AnswerOnceAsync(socket);
        var calls = host.OpenAi.CallCount;

        // What auth's logout does: the token's jti on the shared denylist until the token would have expired. The
        // socket does not wait out the validator's 5 s denylist cache: it reads the denylist for this message.
        await host.Factory.Services.GetRequiredService<TokenDenylist>().DenyAsync(JtiOf(token), userId, TimeSpan.FromMinutes(15));
        await socket.SendAsync(new { conversationId, message = "뚜껑은요?" });

        await ExpectClosedAsync(socket, ChatProblems.TokenRevokedType, "Access token revoked.");
        host.OpenAi.CallCount.Should().Be(calls);
        (await host.Store.GetAsync(conversationId, userId))!.Turns.Should().HaveCount(2, "the refused message is not remembered");
    }

    [Fact]
    public async Task After_the_account_is_deleted_its_socket_closes_at_the_next_message_and_cannot_reopen()
    {
        var userId = ChatModelHost.NewUserId();
        var token = host.Tokens.For(userId);
        using var socket = await ChatSocket.ConnectAsync(host.Factory.Server, token);
        var calls = host.OpenAi.CallCount;

        // What userinfo's DELETE /users/me does before it announces user-deleted: the whole account on the denylist.
        await host.Factory.Services.GetRequiredService<TokenDenylist>().DenyAccountAsync(userId, DateTimeOffset.UtcNow);
        await socket.SendAsync(new { message = Question });

        await ExpectClosedAsync(socket, ChatProblems.TokenRevokedType, "Access token revoked.");
        host.OpenAi.CallCount.Should().Be(calls);
        host.Factory.Dapr.StateKeys(DaprComponents.StateStore).Should().NotContain(k => k.Contains(userId), "nothing was stored for the refused message");
        var reopen = () => ChatSocket.ConnectAsync(host.Factory.Server, token);
        (await reopen.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("401");
    }

    [Fact]
    public async Task An_idle_socket_is_closed_the_moment_its_token_expires_without_a_message()
    {
        var (clock, factory) = NewClockedHost();
        await using var _ = factory;
        var token = host.Tokens.For(ChatModelHost.NewUserId()); // expires in 15 min
        var expiresAt = ExpiryOf(token);
        using var socket = await ChatSocket.ConnectAsync(factory.Server, token);

        clock.SetUtcNow(expiresAt - TimeSpan.FromSeconds(1));
        await AnswerOnceAsync(socket); // a second before expiry the socket still answers
        var calls = host.OpenAi.CallCount;

        clock.SetUtcNow(expiresAt); // and nothing is sent: the server closes the idle socket on its own

        await ExpectClosedAsync(socket, ChatProblems.TokenExpiredType, "Access token expired.");
        host.OpenAi.CallCount.Should().Be(calls);
    }

    [Fact]
    public async Task An_answer_streaming_when_the_token_expires_is_finished_before_the_socket_closes()
    {
        var (clock, factory) = NewClockedHost();
        await using var _ = factory;
        var token = host.Tokens.For(ChatModelHost.NewUserId());
        using var socket = await ChatSocket.ConnectAsync(factory.Server, token);
        host.OpenAi.Enqueue(FakeOpenAiResponse.Stream("우유팩은 ", "헹궈서 ", "종이팩으로 버려요.").WithChunkDelay(TimeSpan.FromMilliseconds(100)));
        await socket.SendAsync(new { message = Question });
        var first = (await socket.ReceiveAsync())!.Value;

        clock.SetUtcNow(ExpiryOf(token) + TimeSpan.FromSeconds(1)); // mid-answer
        var rest = await socket.ReceiveAnswerAsync();

        ChatSocket.Type(first).Should().Be("delta");
        ChatSocket.Type(rest[^1]).Should().Be("done", "the answer the user already waits for is not cut off");
        rest[^1].GetProperty("reply").GetString().Should().Be("우유팩은 헹궈서 종이팩으로 버려요.");
        await ExpectClosedAsync(socket, ChatProblems.TokenExpiredType, "Access token expired.");
    }

    [Fact]
    public async Task A_client_that_never_answers_the_close_is_cut_off_after_the_grace_period()
    {
        var (clock, factory) = NewClockedHost();
        await using var _ = factory;
        var userId = ChatModelHost.NewUserId();
        var token = host.Tokens.For(userId);
        using var socket = await ChatSocket.ConnectAsync(factory.Server, token);
        var slots = factory.Services.GetRequiredService<StreamSlots>();

        clock.SetUtcNow(ExpiryOf(token));
        await ExpectClosedAsync(socket, ChatProblems.TokenExpiredType, "Access token expired.");
        slots.OpenFor(userId).Should().Be(1, "the server waits for the client's close before ending the session");

        clock.Advance(ChatSocketSession.CloseGrace); // the client read the close and never answered it

        await LoopbackChatHost.WaitForOpenStreamsAsync(slots, userId, open: 0);
    }

    [Fact]
    public async Task A_socket_whose_token_stands_keeps_answering_message_after_message()
    {
        using var socket = await ChatSocket.ConnectAsync(host.Factory.Server, host.Tokens.For(ChatModelHost.NewUserId()));

        for (var i = 0; i < 3; i++)
        {
            await AnswerOnceAsync(socket);
        }

        socket.Socket.State.Should().Be(WebSocketState.Open);
    }

    private async Task<string> AnswerOnceAsync(ChatSocket socket)
    {
        host.OpenAi.Enqueue(FakeOpenAiResponse.Stream("우유팩은 ", "종이팩으로 버려요."));
        await socket.SendAsync(new { message = Question });
        var answer = await socket.ReceiveAnswerAsync();
        ChatSocket.Type(answer[^1]).Should().Be("done");
        return answer[^1].GetProperty("conversationId").GetString()!;
    }

    private static async Task ExpectClosedAsync(ChatSocket socket, string problemType, string reason)
    {
        var error = (await socket.ReceiveAsync())!.Value;
        var closed = await socket.ReceiveAsync();

        ChatSocket.Type(error).Should().Be("error");
        error.GetProperty("error").GetProperty("type").GetString().Should().Be(problemType);
        error.GetProperty("error").GetProperty("status").GetInt32().Should().Be(401);
        closed.Should().BeNull("the server closes the socket after the error frame");
        socket.Socket.CloseStatus.Should().Be(WebSocketCloseStatus.PolicyViolation);
        socket.Socket.CloseStatusDescription.Should().Be(reason);
    }

    /// <summary>chat-llm on its own clock, which the test moves; the Dapr double keeps TTLs on the same clock.</summary>
    private (ManualTimeProvider Clock, GrowbinAppFactory<Program> Factory) NewClockedHost()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var factory = ChatModelHost.Create(host.Tokens, host.OpenAi.Endpoint, "sk-test", new InMemoryDaprClient(clock))
            .WithServices(services => services.AddSingleton<TimeProvider>(clock));
        return (clock, factory);
    }

    private static DateTimeOffset ExpiryOf(string token) => new JsonWebTokenHandler().ReadJsonWebToken(token).ValidTo;

    private static string JtiOf(string token) => new JsonWebTokenHandler().ReadJsonWebToken(token).Id;
}
