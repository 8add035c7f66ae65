using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace Growbin.ServiceDefaults.Tests;

/// <summary>The client address per-address limits key on: the Ingress's X-Forwarded-For only when it comes from a trusted proxy.</summary>
public sealed class ForwardedHeadersTests
{
    [Fact]
    public async Task A_trusted_proxy_passes_on_the_client_address()
    {
        await using var app = await StartAsync(trusted: "10.0.0.0/8");

        var seen = await ClientAddressAsync(app, from: "10.1.2.3", forwardedFor: "203.0.113.7");

        seen.Should().Be("203.0.113.7");
    }

    [Fact]
    public async Task An_untrusted_sender_cannot_choose_its_address()
    {
        await using var app = await StartAsync(trusted: "10.0.0.0/8");

        var seen = await ClientAddressAsync(app, from: "198.51.100.9", forwardedFor: "203.0.113.7");

        seen.Should().Be("198.51.100.9");
    }

    [Fact]
    public async Task Only_the_hop_the_proxy_added_is_believed_not_what_the_client_wrote_before_it()
    {
        await using var app = await StartAsync(trusted: "10.0.0.0/8");

        var seen = await ClientAddressAsync(app, from: "10.1.2.3", forwardedFor: "1.2.3.4, 203.0.113.7");

        seen.Should().Be("203.0.113.7");
    }

    private static Task<WebApplication> StartAsync(string trusted) => TestApp.StartAsync(
        app => app.MapGet("/ip", (HttpContext http) => http.Connection.RemoteIpAddress!.ToString()),
        settings: new Dictionary<string, string?> { ["ForwardedHeaders:TrustedNetworks:0"] = trusted });

    private static async Task<string> ClientAddressAsync(WebApplication app, string from, string forwardedFor)
    {
        var context = await app.GetTestServer().SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = "/ip";
            c.Connection.RemoteIpAddress = IPAddress.Parse(from);
            c.Request.Headers["X-Forwarded-For"] = forwardedFor;
        });
        context.Response.StatusCode.Should().Be(StatusCodes.Status200OK);
        return await new StreamReader(context.Response.Body).ReadToEndAsync();
    }
}
