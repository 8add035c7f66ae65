using System.Net.WebSockets;
using Growbin.ChatLlm.Chat;
using Growbin.Contracts;
using Growbin.ServiceDefaults.Authentication;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.OpenAi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Growbin.ChatLlm.Tests;

/// <summary>
/// Abuse: keeping a chat socket open after its token should stop working. Before every message the socket checks its
/// token again — expiry, the denylist auth's logout writes, the account's deletion — and otherwise sends an error
/// frame and closes with 1008 (policy violation). Nothing is answered, called or stored for that message.
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
    public async Task A_socket_that_answered_before_its_token_expired_is_closed_at_the_first_message_after()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        await using var factory = ChatModelHost.Create(host.Tokens, host.OpenAi.Endpoint, "sk-test", new InMemoryDaprClient(clock))
            .WithServices(services => services.AddSingleton<TimeProvider>(clock));
        var token = host.Tokens.For(ChatModelHost.NewUserId()); // expires in 15 min
        using var socket = await ChatSocket.ConnectAsync(factory.Server, token);
        await AnswerOnceAsync(socket);
        var calls = host.OpenAi.CallCount;

        clock.SetUtcNow(new JsonWebTokenHandler().ReadJsonWebToken(token).ValidTo + TimeSpan.FromSeconds(1));
        await socket.SendAsync(new { message = "뚜껑은요?" });

        await ExpectClosedAsync(socket, ChatProblems.TokenExpiredType, "Access token expired.");
        host.OpenAi.CallCount.Should().Be(calls);
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

    private static string JtiOf(string token) => new JsonWebTokenHandler().ReadJsonWebToken(token).Id;
}
