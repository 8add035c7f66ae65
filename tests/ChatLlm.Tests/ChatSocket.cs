using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;

namespace Growbin.ChatLlm.Tests;

/// <summary>A client of <c>/api/v1/chat/ws</c> over the test server's WebSocket client, reading whole JSON frames.</summary>
public sealed class ChatSocket(WebSocket socket) : IDisposable
{
    public const string Path = "/api/v1/chat/ws";

    public WebSocket Socket { get; } = socket;

    /// <summary>Opens the socket, sending <paramref name="accessToken"/> as the Bearer header of the upgrade request when given.</summary>
    public static async Task<ChatSocket> ConnectAsync(TestServer server, string? accessToken)
    {
        var client = server.CreateWebSocketClient();
        if (accessToken is not null)
        {
            client.ConfigureRequest = request => request.Headers.Authorization = "Bearer " + accessToken;
        }

        var socket = await client.ConnectAsync(new Uri(server.BaseAddress, Path), CancellationToken.None).WaitAsync(ChatModelHost.Patience);
        return new ChatSocket(socket);
    }

    public Task SendAsync(object message) => SendTextAsync(JsonSerializer.Serialize(message));

    public Task SendTextAsync(string text) =>
        Socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>The next frame as JSON, or null when the server closed the socket.</summary>
    public async Task<JsonElement?> ReceiveAsync()
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        while (true)
        {
            var result = await Socket.ReceiveAsync(chunk, CancellationToken.None).WaitAsync(ChatModelHost.Patience);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            buffer.Write(chunk, 0, result.Count);
            if (result.EndOfMessage)
            {
                return JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
            }
        }
    }

    /// <summary>Frames up to and including the first <c>done</c> or <c>error</c>.</summary>
    public async Task<IReadOnlyList<JsonElement>> ReceiveAnswerAsync()
    {
        var frames = new List<JsonElement>();
        while (await ReceiveAsync() is { } frame)
        {
            frames.Add(frame);
            if (Type(frame) is "done" or "error")
            {
                break;
            }
        }

        return frames;
    }

    public static string Type(JsonElement frame) => frame.GetProperty("type").GetString()!;

    public void Dispose() => Socket.Dispose();
}
