using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Growbin.Contracts;
using Growbin.Location.Apis;
using Growbin.Location.Search;
using Growbin.ServiceDefaults.Quotas;
using Growbin.TestSupport.Hosting;
using Growbin.TestSupport.Kakao;
using Microsoft.Extensions.DependencyInjection;

namespace Growbin.Location.Tests;

/// <summary>
/// The per-user daily search quota (<c>Quotas:Searches:DailyLimit</c>) in front of the Kakao-backed search: past it,
/// 429 with Retry-After until the next UTC day, and neither PostgreSQL nor Kakao is asked and nothing is cached.
/// Each test runs its own app (the quota setting and the double's clock as its TimeProvider) on the shared host.
/// </summary>
[Collection(LocationCollection.Name)]
public sealed class SearchQuotaTests(LocationHost host) : IAsyncLifetime
{
    private FakeKakaoServer _kakao = null!;

    public async Task InitializeAsync()
    {
        _kakao = await host.ResetAsync();
        host.Clock.SetUtcNow(new DateTimeOffset(host.Clock.GetUtcNow().UtcDateTime.Date.AddDays(1).AddHours(15), TimeSpan.Zero));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Past_the_daily_limit_a_search_is_429_with_retry_after_and_nothing_is_queried_called_or_cached()
    {
        await using var factory = App(limit: 3);
        var client = Client(factory, "searcher");
        var answers = new List<HttpResponseMessage>();
        var calls = new List<int>();

        for (var i = 0; i < 6; i++)
        {
            answers.Add(await client.GetAsync($"/api/v1/locations/search?query=망원{i}&lat=37.5663&lng=126.9016"));
            calls.Add(host.Dapr.BindingInvocations.Count);
        }

        answers.Take(3).Select(a => a.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.OK);
        foreach (var refused in answers.Skip(3))
        {
            var problem = await LocationHost.ReadJsonAsync(refused, HttpStatusCode.TooManyRequests);
            problem.GetProperty("type").GetString().Should().Be(LocationsApi.SearchQuotaExceeded);
            problem.GetProperty("limit").GetInt64().Should().Be(3);
            refused.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromHours(9), "15:00 UTC is nine hours before the next UTC day");
        }

        calls.Skip(2).Distinct().Should().ContainSingle("no SQL statement and no Kakao call after the third search");
        _kakao.CallCount.Should().Be(3);
        host.Dapr.StateKeys(DaprComponents.StateStore).Count(k => k.StartsWith("kakao-search:", StringComparison.Ordinal)).Should().Be(3);
        Used(factory, "searcher").Should().Be(3);
    }

    [Fact]
    public async Task Parallel_searches_ask_kakao_no_more_often_than_the_limit_allows()
    {
        const int limit = 3;
        const int sent = 10;
        await using var factory = App(limit);
        var client = Client(factory, "parallel");
        _ = await client.GetAsync("/api/v1/locations/nearby?lat=37.5&lng=127"); // the app is built before the requests race

        var answers = await Task.WhenAll(Enumerable.Range(0, sent)
            .Select(i => client.GetAsync($"/api/v1/locations/search?query=합정{i}")));

        answers.Count(a => a.StatusCode == HttpStatusCode.OK).Should().Be(limit);
        answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests).Should().Be(sent - limit);
        _kakao.CallCount.Should().Be(limit);
        Used(factory, "parallel").Should().Be(limit);
    }

    [Fact]
    public async Task Nearby_and_other_users_are_not_held_back_by_one_users_spent_quota()
    {
        await using var factory = App(limit: 1);
        var client = Client(factory, "spent");

        (await client.GetAsync("/api/v1/locations/search?query=abc")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync("/api/v1/locations/search?query=abc")).StatusCode.Should().Be(HttpStatusCode.TooManyRequests);

        (await client.GetAsync("/api/v1/locations/nearby?lat=37.5&lng=127")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Client(factory, "fresh").GetAsync("/api/v1/locations/search?query=abc")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_next_utc_day_starts_a_new_count()
    {
        host.Clock.SetUtcNow(new DateTimeOffset(host.Clock.GetUtcNow().UtcDateTime.Date.AddDays(1).AddSeconds(-5), TimeSpan.Zero));
        await using var factory = App(limit: 1);

        (await Client(factory, "daily").GetAsync("/api/v1/locations/search?query=abc")).StatusCode.Should().Be(HttpStatusCode.OK);
        using var refused = await Client(factory, "daily").GetAsync("/api/v1/locations/search?query=abd");
        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(5));

        host.Clock.Advance(TimeSpan.FromSeconds(5));
        (await Client(factory, "daily").GetAsync("/api/v1/locations/search?query=abd")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public void The_default_is_100_searches_a_day_and_an_out_of_range_one_stops_the_app()
    {
        LocationSearch.DefaultDailySearches.Should().Be(100);
        var start = () => StartupValidation.Run(s => s.AddDailyQuota(LocationSearch.QuotaName, LocationSearch.DefaultDailySearches),
            new Dictionary<string, string?> { ["Quotas:Searches:DailyLimit"] = "0" });

        start.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>().WithMessage("*DailyLimit*");
    }

    private GrowbinAppFactory<Program> App(int limit) =>
        host.Tokens.ApplyTo(new GrowbinAppFactory<Program>(host.Dapr))
            .WithSetting("RateLimiting:PerUser:TokenLimit", "10000")
            .WithSetting("RateLimiting:PerUser:TokensPerPeriod", "10000")
            .WithSetting("Quotas:Searches:DailyLimit", limit.ToString(CultureInfo.InvariantCulture))
            .WithServices(services => services.AddSingleton<TimeProvider>(host.Clock));

    /// <summary>A client whose token is valid on the double's clock, which the app reads too.</summary>
    private HttpClient Client(GrowbinAppFactory<Program> factory, string userId)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            host.Tokens.Create(userId, host.Clock.GetUtcNow().UtcDateTime.AddMinutes(15)));
        return client;
    }

    private long Used(GrowbinAppFactory<Program> factory, string userId) =>
        factory.Services.GetRequiredKeyedService<DailyQuota>(LocationSearch.QuotaName).UsedAsync(userId, CancellationToken.None).GetAwaiter().GetResult();
}
