using System.Net;
using System.Security.Claims;
using Growbin.ServiceDefaults.Problems;
using Growbin.ServiceDefaults.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;

namespace Growbin.ServiceDefaults.Tests;

public sealed class RateLimitingTests
{
    [Fact]
    public async Task A_user_past_the_limit_gets_a_rate_limited_problem_with_retry_after()
    {
        await using var app = await StartAsync();
        var client = app.GetTestClient();

        var first = await client.SendAsync(Request("alice"));
        var second = await client.SendAsync(Request("alice"));
        var third = await client.SendAsync(Request("alice"));

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        second.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ProblemDetailsTests.ReadProblemAsync(third, HttpStatusCode.TooManyRequests))
            .GetProperty("type").GetString().Should().Be(ProblemTypes.RateLimited);
        third.Headers.RetryAfter.Should().NotBeNull();
    }

    [Fact]
    public async Task Each_user_has_a_bucket_of_their_own()
    {
        await using var app = await StartAsync();
        var client = app.GetTestClient();
        for (var i = 0; i < 3; i++)
        {
            await client.SendAsync(Request("alice"));
        }

        var bob = await client.SendAsync(Request("bob"));

        bob.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    /// <summary>The user is set by a test middleware standing in for bearer authentication.</summary>
    private static Task<WebApplication> StartAsync() => TestApp.StartAsync(
        app => app.MapGet("/limited", () => "ok").RequireRateLimiting(RateLimitPolicies.PerUser),
        settings: new Dictionary<string, string?>
        {
            ["RateLimiting:PerUser:TokenLimit"] = "2",
            ["RateLimiting:PerUser:TokensPerPeriod"] = "1",
            ["RateLimiting:PerUser:ReplenishmentPeriod"] = "01:00:00",
        },
        configurePipeline: app => app.Use((context, next) =>
        {
            if (context.Request.Headers.TryGetValue("X-Test-User", out var user))
            {
                context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", user.ToString())], "test"));
            }

            return next(context);
        }));

    private static HttpRequestMessage Request(string user) =>
        new(HttpMethod.Get, "/limited") { Headers = { { "X-Test-User", user } } };
}
