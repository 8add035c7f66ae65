using System.Net;
using Growbin.ServiceDefaults.Problems;
using Growbin.TestSupport.Hosting;

namespace Growbin.UserInfo.Tests;

/// <summary>The user endpoints share the per-user token bucket: past it, 429 with Retry-After, per user.</summary>
[Collection(UserInfoCollection.Name)]
public sealed class RateLimitTests(UserInfoHost host)
{
    [Fact]
    public async Task Past_the_per_user_limit_requests_are_429_with_retry_after_and_other_users_are_unaffected()
    {
        var userId = await host.CreateUserAsync();
        var other = await host.CreateUserAsync();
        // A bucket of 2 that refills once an hour: the third request in a row is over the limit, whatever the timing.
        await using var factory = host.Tokens.ApplyTo(new GrowbinAppFactory<Program>(host.Dapr))
            .WithSetting("RateLimiting:PerUser:TokenLimit", "2")
            .WithSetting("RateLimiting:PerUser:TokensPerPeriod", "1")
            .WithSetting("RateLimiting:PerUser:ReplenishmentPeriod", "01:00:00");
        var client = host.Tokens.Authorize(factory.CreateClient(), userId.ToString());

        (await client.GetAsync("/api/v1/users/me")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync($"/api/v1/users/{userId}/history")).StatusCode.Should().Be(HttpStatusCode.OK);
        var limited = await client.GetAsync("/api/v1/users/me");

        var problem = await UserInfoHost.ReadJsonAsync(limited, HttpStatusCode.TooManyRequests);
        problem.GetProperty("type").GetString().Should().Be(ProblemTypes.RateLimited);
        limited.Headers.RetryAfter.Should().NotBeNull();
        (await host.Tokens.Authorize(factory.CreateClient(), other.ToString()).GetAsync("/api/v1/users/me"))
            .StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
