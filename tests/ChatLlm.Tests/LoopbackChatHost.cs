using System.Net;
using System.Net.WebSockets;
using Growbin.ServiceDefaults.RateLimiting;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Hosting;
using Growbin.TestSupport.OpenAi;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Growbin.ChatLlm.Tests;

/// <summary>
/// chat-llm on real Kestrel on 127.0.0.1 (a free port), reached with <see cref="ClientWebSocket"/> and a real
/// HttpClient: a client that closes or drops its TCP connection does so as a browser would, which the test server
/// does not show. Otherwise as <see cref="ChatModelHost"/>: the Dapr double, the fake OpenAI server, test tokens.
/// </summary>
public sealed class LoopbackChatHost : IAsyncLifetime
{
    /// <summary>How long a wait for the server's side of a close may take: a bound on a hung test, not a timing check.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    public FakeOpenAiServer OpenAi { get; private set; } = null!;

    public TestTokens Tokens { get; } = new();

    public InMemoryDaprClient Dapr { get; } = new();

    public GrowbinAppFactory<Program> Factory { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public StreamSlots Slots => Factory.Services.GetRequiredService<StreamSlots>();

    public async Task InitializeAsync()
    {
        OpenAi = await FakeOpenAiServer.StartAsync();
        Factory = ChatModelHost.Create(Tokens, OpenAi.Endpoint, "sk-test", Dapr);
        Factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        Factory.StartServer();
        var address = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await OpenAi.DisposeAsync();
        Tokens.Dispose();
    }

    public Uri SocketUri => new UriBuilder(new Uri(BaseAddress, ChatSocket.Path)) { Scheme = "ws" }.Uri;

    /// <summary>A socket for <paramref name="accessToken"/>, not yet connected, that keeps the refused handshake's status and headers.</summary>
    public ClientWebSocket NewSocket(string accessToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer " + accessToken);
        socket.Options.CollectHttpResponseDetails = true;
        return socket;
    }

    public async Task<ClientWebSocket> ConnectAsync(string accessToken)
    {
        var socket = NewSocket(accessToken);
        await socket.ConnectAsync(SocketUri, CancellationToken.None).WaitAsync(ChatModelHost.Patience);
        return socket;
    }

    public HttpClient HttpClientFor(string accessToken) => new()
    {
        BaseAddress = BaseAddress,
        DefaultRequestHeaders = { Authorization = new("Bearer", accessToken) },
    };

    /// <summary>
    /// Waits until the server holds <paramref name="open"/> streams of <paramref name="userId"/>: the server frees a
    /// slot just after its side of the close, so a test waits for that before opening the next. Bounded.
    /// </summary>
    public Task WaitForOpenStreamsAsync(string userId, long open) => WaitForOpenStreamsAsync(Slots, userId, open);

    /// <inheritdoc cref="WaitForOpenStreamsAsync(string, long)"/>
    public static async Task WaitForOpenStreamsAsync(StreamSlots slots, string userId, long open)
    {
        using var bound = new CancellationTokenSource(Bound);
        while (slots.OpenFor(userId) != open && !bound.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None);
        }

        slots.OpenFor(userId).Should().Be(open, "the server frees a stream's slot once the stream has ended");
    }
}
