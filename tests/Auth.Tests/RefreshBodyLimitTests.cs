using System.Net;
using System.Text;
using System.Text.Json;
using Growbin.Contracts;
using Growbin.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Growbin.Auth.Tests;

/// <summary>
/// The anonymous refresh endpoint on a real Kestrel (loopback; the test server enforces no body size): a 30 MB
/// refresh token is refused with a 413 ProblemDetails before its body is sent, and nothing is stored.
/// </summary>
public sealed class RefreshBodyLimitTests : IAsyncLifetime
{
    private readonly AuthHost _host = new();
    private HttpClient _client = null!;

    public Task InitializeAsync()
    {
        _host.Factory.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _host.Factory.StartServer();
        var address = _host.Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        // Waits for the server's interim answer before sending a body that asks for one (Expect: 100-continue).
        _client = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(30) })
        {
            BaseAddress = new Uri(address),
            Timeout = TimeSpan.FromSeconds(60),
        };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task A_30_MB_refresh_token_is_413_before_it_is_sent_and_nothing_is_stored()
    {
        var body = Encoding.UTF8.GetBytes($$"""{"refreshToken":"{{new string('a', 30 * 1024 * 1024)}}"}""");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/refresh")
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new("application/json") } },
        };
        request.Headers.ExpectContinue = true;

        var response = await _client.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge, text);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        JsonDocument.Parse(text).RootElement.GetProperty("type").GetString().Should().Be(ProblemTypes.PayloadTooLarge);
        _host.Dapr.StateKeys(DaprComponents.StateStore).Should().BeEmpty();
    }
}
