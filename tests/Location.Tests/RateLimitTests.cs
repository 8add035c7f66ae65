using System.Net;
using Growbin.ServiceDefaults.Problems;
using Growbin.TestSupport.Hosting;

namespace Growbin.Location.Tests;

/// <summary>The location endpoints share the per-user token bucket: past it, 429 with Retry-After, per user.</summary>
[Collection(LocationCollection.Name)]
public sealed class RateLimitTests(LocationHost host) : IAsyncLifetime
{
    public Task InitializeAsync() => host.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Past_the_per_user_limit_requests_are_429_and_other_users_are_unaffected()
    {
        // A bucket of 2 that refills once an hour: the third request in a row is over the limit, whatever the timing.
        await using var factory = host.Tokens.ApplyTo(new GrowbinAppFactory<Program>(host.Dapr))
            .WithSetting("RateLimiting:PerUser:TokenLimit", "2")
            .WithSetting("RateLimiting:PerUser:TokensPerPeriod", "1")
            .WithSetting("RateLimiting:PerUser:ReplenishmentPeriod", "01:00:00");
        var client = host.Tokens.Authorize(factory.CreateClient(), Guid.NewGuid().ToString());

        (await client.GetAsync("/api/v1/locations/nearby?lat=37.5&lng=127")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync("/api/v1/locations/search?query=abc")).StatusCode.Should().Be(HttpStatusCode.OK);
        var limited = await client.GetAsync($"/api/v1/locations/{Guid.NewGuid()}");

        var problem = await LocationHost.ReadJsonAsync(limited, HttpStatusCode.TooManyRequests);
        problem.GetProperty("type").GetString().Should().Be(ProblemTypes.RateLimited);
        limited.Headers.RetryAfter.Should().NotBeNull();
        (await host.Tokens.Authorize(factory.CreateClient(), Guid.NewGuid().ToString()).GetAsync("/api/v1/locations/nearby?lat=37.5&lng=127"))
            .StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
