using System.Net;
using System.Net.Http.Headers;
using Growbin.Contracts;
using Growbin.ServiceDefaults.Events;
using Growbin.ServiceDefaults.Quotas;
using Growbin.ServiceDefaults.State;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Images;
using Growbin.WasteApi.Accounts;
using Growbin.WasteApi.Apis;

namespace Growbin.WasteApi.Tests;

/// <summary>
/// On <c>user-deleted</c> waste-api deletes what it keeps of the account: every Idempotency-Key (found through the
/// per-user list written before each key) and the daily scan counts. Another user's keys stay; a second delivery is
/// harmless. The sidecar delivers it (pub/sub double), as it would.
/// </summary>
public sealed class UserDeletedTests : IAsyncDisposable
{
    private const string Leaving = "3b0e4f2c-5c57-4c0e-9f3c-2a9d9a3a0001";
    private const string Staying = "3b0e4f2c-5c57-4c0e-9f3c-2a9d9a3a0002";

    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 15, 0, 0, TimeSpan.Zero));
    private readonly WasteApiHost _host;

    public UserDeletedTests()
    {
        _host = new WasteApiHost(_clock);
        _host.Dapr.RegisterApp(AppIds.ScanPipeline, new HttpClient(new StandInPipeline()) { BaseAddress = new Uri("http://localhost") });
        _host.Dapr.RegisterApp(AppIds.WasteApi, _host.Factory.CreateClient());
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_accounts_idempotency_keys_and_scan_counts_are_deleted_and_nobody_elses()
    {
        await _host.Dapr.SubscribeAppAsync(AppIds.WasteApi);
        foreach (var key in new[] { "a-1", "a-2", "a-3" })
        {
            await SubmitAsync(Leaving, key);
        }

        _clock.Advance(TimeSpan.FromHours(10)); // the next UTC day: yesterday's count is kept too
        await SubmitAsync(Leaving, "a-4");
        await SubmitAsync(Staying, "b-1");
        var before = Keys();
        before.Should().Contain(IdempotencyKeys.StateKeyFor(Leaving, "a-1")).And.Contain(UserKeyIndex.KeyFor(IdempotencyKeys.IndexName, Leaving));
        before.Should().Contain(k => k.StartsWith($"quota|{ScanSubmissions.QuotaName}|{Leaving}|", StringComparison.Ordinal));

        var first = await DeliverUserDeletedAsync(Leaving);
        var afterFirst = Keys();
        var second = await DeliverUserDeletedAsync(Leaving);

        first.Should().ContainSingle().Which.Outcome.Should().Be(DeliveryOutcome.Succeeded);
        second.Should().ContainSingle().Which.Outcome.Should().Be(DeliveryOutcome.Succeeded);
        afterFirst.Should().NotContain(k => k.Contains(Leaving, StringComparison.Ordinal));
        Keys().Should().Equal(afterFirst);
        afterFirst.Should().Contain([IdempotencyKeys.StateKeyFor(Staying, "b-1"), UserKeyIndex.KeyFor(IdempotencyKeys.IndexName, Staying),
            DailyQuota.KeyFor($"quota|{ScanSubmissions.QuotaName}", Staying, DailyQuota.DayOf(_clock.GetUtcNow()))]);
    }

    [Fact]
    public async Task Each_key_is_listed_with_the_idempotency_ttl_and_the_list_lives_as_long_as_its_newest_key()
    {
        await SubmitAsync(Leaving, "a-1");
        _clock.Advance(TimeSpan.FromHours(1));
        await SubmitAsync(Leaving, "a-2");

        var index = UserKeyIndex.KeyFor(IdempotencyKeys.IndexName, Leaving);
        _host.Dapr.TtlOf(DaprComponents.StateStore, index).Should().Be(TimeSpan.FromHours(24));
        _host.Dapr.TtlOf(DaprComponents.StateStore, IdempotencyKeys.StateKeyFor(Leaving, "a-2")).Should().Be(TimeSpan.FromHours(24));
        _host.Dapr.GetStoredJson(DaprComponents.StateStore, index).Should()
            .Contain(IdempotencyKeys.StateKeyFor(Leaving, "a-1")).And.Contain(IdempotencyKeys.StateKeyFor(Leaving, "a-2"));
    }

    private async Task SubmitAsync(string userId, string idempotencyKey)
    {
        var client = _host.Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            _host.Tokens.Create(userId, _clock.GetUtcNow().UtcDateTime.AddMinutes(15)));
        var form = new MultipartFormDataContent { { new ByteArrayContent(TestPhotos.Jpeg()) { Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") } }, "image", "photo.jpg" } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/waste/analyze") { Content = form };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await client.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
    }

    private async Task<IReadOnlyList<PubSubDelivery>> DeliverUserDeletedAsync(string userId)
    {
        await _host.Dapr.SubscribeAppAsync(AppIds.WasteApi);
        await _host.Dapr.PublishEventAsync(DaprComponents.PubSub, Topics.UserDeleted,
            new Contracts.Events.UserDeleted(Guid.NewGuid(), _clock.GetUtcNow(), userId));
        var deliveries = await _host.Dapr.DeliverPendingAsync();
        deliveries.Should().OnlyContain(d => d.Subscription.Route == SubscriptionExtensions.UserDeletedRoute);
        return deliveries;
    }

    private IReadOnlyList<string> Keys() => _host.Dapr.StateKeys(DaprComponents.StateStore);
}
