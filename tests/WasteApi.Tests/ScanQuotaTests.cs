using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Growbin.Contracts;
using Growbin.ServiceDefaults.Quotas;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Hosting;
using Growbin.TestSupport.Images;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Growbin.WasteApi.Tests;

/// <summary>
/// The per-user daily scan quota (<c>Quotas:Scans:DailyLimit</c>): past it, 429 with Retry-After until the next UTC
/// day and nothing stored — no upload, no idempotency key, no scan. Concurrent submissions never start more scans
/// than the limit. Each test has its own host and a manual clock that is also the double's.
/// </summary>
public sealed class ScanQuotaTests : IAsyncDisposable
{
    private const string User = "quota-user";

    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date.AddHours(15), TimeSpan.Zero));
    private readonly WasteApiHost _host;
    private readonly StandInPipeline _pipeline = new();

    public ScanQuotaTests()
    {
        _host = new WasteApiHost(_clock);
        _host.Dapr.RegisterApp(AppIds.ScanPipeline, new HttpClient(_pipeline) { BaseAddress = new Uri("http://localhost") });
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Past_the_daily_limit_a_scan_is_429_with_retry_after_and_nothing_is_stored()
    {
        _host.Factory.WithSetting("Quotas:Scans:DailyLimit", "3");
        var client = Client(User);
        var answers = new List<HttpResponseMessage>();

        for (var i = 0; i < 6; i++)
        {
            answers.Add(await client.SendAsync(Analyze($"key-{i}")));
        }

        answers.Take(3).Select(a => a.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.Accepted);
        foreach (var refused in answers.Skip(3))
        {
            var problem = await ProblemAsync(refused, HttpStatusCode.TooManyRequests);
            problem.GetProperty("type").GetString().Should().Be(WasteApi.ScanQuotaExceeded);
            problem.GetProperty("limit").GetInt64().Should().Be(3);
            problem.GetProperty("retryAfterSeconds").GetInt32().Should().Be(9 * 3600);
            refused.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromHours(9), "15:00 UTC is nine hours before the next UTC day");
        }

        _host.Images.Objects.Should().HaveCount(3);
        _pipeline.Starts.Should().HaveCount(3);
        IdempotencyKeys().Should().BeEquivalentTo(new[] { "key-0", "key-1", "key-2" }.Select(k => $"idempotency:{User}:{k}"));
        Used(User).Should().Be(3);
    }

    [Fact]
    public async Task The_quota_is_per_user()
    {
        _host.Factory.WithSetting("Quotas:Scans:DailyLimit", "1");

        (await Client(User).SendAsync(Analyze())).StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await Client(User).SendAsync(Analyze())).StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        (await Client("someone-else").SendAsync(Analyze())).StatusCode.Should().Be(HttpStatusCode.Accepted);

        _pipeline.Starts.Should().HaveCount(2);
    }

    [Fact]
    public async Task A_replay_of_an_accepted_key_past_the_limit_answers_its_scan_and_costs_nothing()
    {
        _host.Factory.WithSetting("Quotas:Scans:DailyLimit", "1");
        var client = Client(User);

        using var first = await client.SendAsync(Analyze("same"));
        using var again = await client.SendAsync(Analyze("same"));

        first.StatusCode.Should().Be(HttpStatusCode.Accepted);
        again.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await TaskIdOf(again)).Should().Be(await TaskIdOf(first));
        _pipeline.Starts.Should().ContainSingle();
        Used(User).Should().Be(1);
    }

    [Fact]
    public async Task Parallel_submissions_start_no_more_scans_than_the_limit()
    {
        const int limit = 4;
        const int sent = 12;
        _host.Factory.WithSetting("Quotas:Scans:DailyLimit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var client = Client(User);
        _ = await client.GetAsync("/api/v1/waste/categories"); // the host is built before the requests race

        var answers = await Task.WhenAll(Enumerable.Range(0, sent).Select(i => client.SendAsync(Analyze($"p-{i}"))));

        answers.Count(a => a.StatusCode == HttpStatusCode.Accepted).Should().Be(limit);
        answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests).Should().Be(sent - limit);
        _pipeline.Starts.Should().HaveCount(limit);
        _host.Images.Objects.Should().HaveCount(limit);
        IdempotencyKeys().Should().HaveCount(limit);
        Used(User).Should().Be(limit);
    }

    [Fact]
    public async Task A_rival_taking_the_last_scan_between_the_read_and_the_write_leaves_this_one_refused()
    {
        _host.Factory.WithSetting("Quotas:Scans:DailyLimit", "1");
        var client = Client(User);
        var key = QuotaKey(User);
        HttpResponseMessage? rival = null;
        _host.Dapr.BeforeNextSave(DaprComponents.StateStore, key, () => rival = client.SendAsync(Analyze()).GetAwaiter().GetResult());

        using var mine = await client.SendAsync(Analyze());

        rival!.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await ProblemAsync(mine, HttpStatusCode.TooManyRequests)).GetProperty("type").GetString().Should().Be(WasteApi.ScanQuotaExceeded);
        _pipeline.Starts.Should().ContainSingle();
        _host.Dapr.StateFailures.Should().ContainSingle("the lost write is an ETag mismatch, which no resiliency policy retries")
            .Which.Should().Match<StateFailure>(f => f.Key == key && f.Code == StatusCode.Aborted);
        rival.Dispose();
    }

    [Fact]
    public async Task The_next_utc_day_starts_a_new_count_and_yesterdays_expires()
    {
        _clock.SetUtcNow(new DateTimeOffset(_clock.GetUtcNow().UtcDateTime.Date.AddDays(1).AddSeconds(-30), TimeSpan.Zero));
        _host.Factory.WithSetting("Quotas:Scans:DailyLimit", "1");
        var yesterday = QuotaKey(User);

        (await Client(User).SendAsync(Analyze())).StatusCode.Should().Be(HttpStatusCode.Accepted);
        using var refused = await Client(User).SendAsync(Analyze());
        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(30));
        _host.Dapr.TtlOf(DaprComponents.StateStore, yesterday).Should().Be(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(30),
            "a day's count is kept until the end of the next UTC day");

        _clock.Advance(TimeSpan.FromSeconds(30));
        (await Client(User).SendAsync(Analyze())).StatusCode.Should().Be(HttpStatusCode.Accepted);
        Used(User).Should().Be(1);

        _clock.Advance(TimeSpan.FromDays(1));
        _host.Dapr.StateKeys(DaprComponents.StateStore).Should().NotContain(yesterday);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1000001")]
    public void An_out_of_range_limit_stops_the_app_before_it_starts(string limit)
    {
        var start = () => StartupValidation.Run(
            s => s.AddDailyQuota(ScanSubmissions.QuotaName, ScanSubmissions.DefaultDailyScans),
            new Dictionary<string, string?> { ["Quotas:Scans:DailyLimit"] = limit });

        start.Should().Throw<Microsoft.Extensions.Options.OptionsValidationException>().WithMessage("*DailyLimit*");
    }

    [Fact]
    public void The_default_limit_is_50_scans_a_day()
    {
        using var provider = new ServiceCollection().AddDailyQuota(ScanSubmissions.QuotaName, ScanSubmissions.DefaultDailyScans)
            .AddSingleton(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build() as Microsoft.Extensions.Configuration.IConfiguration)
            .AddSingleton<Dapr.Client.DaprClient>(new InMemoryDaprClient())
            .AddLogging()
            .BuildServiceProvider();

        provider.GetRequiredKeyedService<DailyQuota>(ScanSubmissions.QuotaName).Limit.Should().Be(50);
    }

    private HttpClient Client(string userId)
    {
        var client = _host.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            _host.Tokens.Create(userId, _clock.GetUtcNow().UtcDateTime.AddMinutes(15)));
        return client;
    }

    private static HttpRequestMessage Analyze(string? idempotencyKey = null)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(TestPhotos.Jpeg()) { Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") } }, "image", "photo.jpg" } };
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/waste/analyze") { Content = form };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return request;
    }

    private string QuotaKey(string userId) => DailyQuota.KeyFor("quota|" + ScanSubmissions.QuotaName, userId, DailyQuota.DayOf(_clock.GetUtcNow()));

    private long Used(string userId) => long.Parse(_host.Dapr.GetStoredJson(DaprComponents.StateStore, QuotaKey(userId)) ?? "0", System.Globalization.CultureInfo.InvariantCulture);

    private IEnumerable<string> IdempotencyKeys() =>
        _host.Dapr.StateKeys(DaprComponents.StateStore).Where(k => k.StartsWith("idempotency:", StringComparison.Ordinal));

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, body);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<string> TaskIdOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("taskId").GetString()!;
}
