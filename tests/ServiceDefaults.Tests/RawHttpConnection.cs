using System.Net.Sockets;
using System.Text;

namespace Growbin.ServiceDefaults.Tests;

/// <summary>
/// One HTTP/1.1 exchange over a bare loopback socket, for what HttpClient does not do on purpose: declare a body and
/// not send it, or send it a byte at a time. Every read is bounded in time.
/// </summary>
internal sealed class RawHttpConnection : IDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;

    private RawHttpConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
    }

    public static async Task<RawHttpConnection> OpenAsync(Uri baseAddress)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(baseAddress.Host, baseAddress.Port);
        return new RawHttpConnection(client);
    }

    /// <summary>The request line and headers (with <c>Connection: close</c>, so the server ends the connection after answering).</summary>
    public Task SendHeadAsync(string method, string path, params string[] headers)
    {
        var head = new StringBuilder($"{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        foreach (var header in headers)
        {
            head.Append(header).Append("\r\n");
        }

        return SendAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()));
    }

    public async Task SendAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>True once the server has answered or closed: there is something to read, or the end of the stream.</summary>
    public bool ServerHasAnsweredOrClosed => _client.Client.Poll(0, SelectMode.SelectRead);

    /// <summary>Reads until the server closes the connection (at most <paramref name="bound"/>), then parses the response.</summary>
    public async Task<RawHttpResponse> ReadResponseAsync(TimeSpan bound)
    {
        using var timeout = new CancellationTokenSource(bound);
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await _stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException) when (received.Length > 0)
        {
            // A reset after the response: what arrived before it is the answer.
        }

        return RawHttpResponse.Parse(received.ToArray());
    }

    public void Dispose()
    {
        _stream.Dispose();
        _client.Dispose();
    }
}
