using System.Net;
using Growbin.ServiceDefaults.Networking;
using Growbin.ServiceDefaults.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Options;

namespace Growbin.ServiceDefaults.Tests;

/// <summary>
/// X-Forwarded-For is believed only from the configured proxies: by default (Production included) from nobody, not
/// even loopback, where a sidecar relays whatever headers its caller sent. So a client cannot pick the address that
/// per-address limits key on.
/// </summary>
public sealed class TrustedProxyTests
{
    private const string AppToken = "app-token-9c2e4d";

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task In_Production_without_trusted_proxies_the_header_changes_nothing(string from)
    {
        await using var app = await StartAsync(new() { ["APP_API_TOKEN"] = AppToken }, "Production");

        var seen = await ClientAddressAsync(app, from, forwardedFor: "203.0.113.7");

        seen.Should().Be(IPAddress.Parse(from).ToString());
    }

    [Fact]
    public async Task A_listed_proxy_address_is_believed_and_its_neighbour_is_not()
    {
        await using var app = await StartAsync(new() { ["ForwardedHeaders:TrustedProxies:0"] = "10.0.0.17" });

        (await ClientAddressAsync(app, "10.0.0.17", forwardedFor: "203.0.113.7")).Should().Be("203.0.113.7");
        (await ClientAddressAsync(app, "10.0.0.18", forwardedFor: "203.0.113.7")).Should().Be("10.0.0.18");
    }

    [Fact]
    public async Task A_client_sending_a_new_forwarded_address_each_time_still_uses_up_its_own_bucket()
    {
        // Per-address limit of 3 (anonymous callers are keyed by address); the load balancer's subnet is trusted,
        // the caller is not, and it forges a fresh X-Forwarded-For on every request.
        await using var app = await StartAsync(new()
        {
            ["ForwardedHeaders:TrustedNetworks:0"] = "10.0.0.0/24",
            ["RateLimiting:PerUser:TokenLimit"] = "3",
            ["RateLimiting:PerUser:TokensPerPeriod"] = "1",
            ["RateLimiting:PerUser:ReplenishmentPeriod"] = "01:00:00",
        });

        var statuses = new List<int>();
        for (var i = 1; i <= 5; i++)
        {
            var context = await SendAsync(app, from: "10.0.5.9", forwardedFor: $"198.51.100.{i}");
            statuses.Add(context.Response.StatusCode);
        }

        statuses.Should().Equal(200, 200, 200, 429, 429);
    }

    [Theory]
    [InlineData("ForwardedHeaders:TrustedNetworks:0", "10.0.0.0/33")]
    [InlineData("ForwardedHeaders:TrustedNetworks:0", "the-vpc")]
    [InlineData("ForwardedHeaders:TrustedProxies:0", "alb.internal")]
    public async Task A_malformed_entry_stops_the_app_at_start_up_naming_it(string key, string value)
    {
        var start = () => StartAsync(new() { [key] = value });

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain(value);
    }

    private static Task<WebApplication> StartAsync(Dictionary<string, string?> settings, string environment = "Testing") => TestApp.StartAsync(
        app => app.MapGet("/ip", (HttpContext http) => http.Connection.RemoteIpAddress!.ToString()).RequireRateLimiting(RateLimitPolicies.PerUser),
        settings: settings,
        environmentName: environment);

    private static async Task<string> ClientAddressAsync(WebApplication app, string from, string forwardedFor)
    {
        var context = await SendAsync(app, from, forwardedFor);
        context.Response.StatusCode.Should().Be(StatusCodes.Status200OK);
        return await new StreamReader(context.Response.Body).ReadToEndAsync();
    }

    private static Task<HttpContext> SendAsync(WebApplication app, string from, string forwardedFor) =>
        app.GetTestServer().SendAsync(c =>
        {
            c.Request.Method = "GET";
            c.Request.Path = "/ip";
            c.Connection.RemoteIpAddress = IPAddress.Parse(from);
            c.Request.Headers["X-Forwarded-For"] = forwardedFor;
        });
}
