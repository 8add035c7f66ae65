using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Growbin.Contracts;
using Growbin.Location.Apis;
using Growbin.Location.Search;
using Growbin.ServiceDefaults.Events;
using Growbin.ServiceDefaults.Quotas;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Hosting;
using Growbin.TestSupport.Kakao;
using Microsoft.Extensions.DependencyInjection;

namespace Growbin.Location.Tests;

/// <summary>
/// On <c>user-deleted</c> location deletes the account's daily search counts, the only state it keeps per user; the
/// Kakao answers it cached are by query and rounded position, for everyone, and name no user.
/// </summary>
[Collection(LocationCollection.Name)]
public sealed class UserDeletedTests(LocationHost host) : IAsyncLifetime
{
    private const string Leaving = "0f3c7a52-2b8e-4b9e-8d1a-6c5f0e9b0001";
    private const string Staying = "0f3c7a52-2b8e-4b9e-8d1a-6c5f0e9b0002";

    public async Task InitializeAsync() =>
        (await host.ResetAsync()).AddPlace(new FakeKakaoPlace("7001", "합정역 폐건전지 수거함", 37.5496, 126.9139, "서울 마포구 합정동"));

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task The_accounts_search_counts_are_deleted_nobody_elses_and_a_redelivery_changes_nothing()
    {
        await using var factory = host.Tokens.ApplyTo(new GrowbinAppFactory<Program>(host.Dapr))
            .WithServices(services => services.AddSingleton<TimeProvider>(host.Clock));
        await SearchAsync(factory, Leaving, "합정 폐건전지");
        await SearchAsync(factory, Staying, "망원 의류수거함");
        var day = DailyQuota.DayOf(host.Clock.GetUtcNow());
        var leavingCount = DailyQuota.KeyFor($"quota|{LocationSearch.QuotaName}", Leaving, day);
        host.Dapr.StateKeys(DaprComponents.StateStore).Should().Contain(leavingCount);

        var first = await DeliverAsync(factory, Leaving);
        var second = await DeliverAsync(factory, Leaving);

        (first.StatusCode, second.StatusCode).Should().Be((HttpStatusCode.OK, HttpStatusCode.OK));
        var keys = host.Dapr.StateKeys(DaprComponents.StateStore);
        keys.Should().NotContain(k => k.Contains(Leaving, StringComparison.Ordinal));
        keys.Should().Contain(DailyQuota.KeyFor($"quota|{LocationSearch.QuotaName}", Staying, day));
        keys.Where(k => k.StartsWith("kakao-search:", StringComparison.Ordinal)).Should().NotBeEmpty()
            .And.OnlyContain(k => !(host.Dapr.GetStoredJson(DaprComponents.StateStore, k) ?? "").Contains(Leaving, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_sidecar_is_told_to_deliver_user_deleted_with_a_dead_letter_topic()
    {
        await using var factory = new GrowbinAppFactory<Program>(host.Dapr);

        var subscriptions = JsonDocument.Parse(await factory.CreateClient().GetStringAsync("/dapr/subscribe")).RootElement;

        subscriptions.EnumerateArray().Should().ContainSingle(s => s.GetProperty("topic").GetString() == Topics.UserDeleted)
            .Which.Should().Match<JsonElement>(s => s.GetProperty("route").GetString() == SubscriptionExtensions.UserDeletedRoute.TrimStart('/')
                && s.GetProperty("deadLetterTopic").GetString() == Topics.DeadLetter);
    }

    private async Task SearchAsync(GrowbinAppFactory<Program> factory, string userId, string query)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            host.Tokens.Create(userId, host.Clock.GetUtcNow().UtcDateTime.AddMinutes(15)));
        using var response = await client.GetAsync($"/api/v1/locations/search?query={Uri.EscapeDataString(query)}&lat=37.5496&lng=126.9139");
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    // As the sidecar delivers it: a CloudEvent whose data is the event record.
    private static Task<HttpResponseMessage> DeliverAsync(GrowbinAppFactory<Program> factory, string userId) =>
        factory.CreateClient().PostAsync(SubscriptionExtensions.UserDeletedRoute,
            CloudEvents.Envelope(Topics.UserDeleted, new { id = Guid.NewGuid(), occurredAt = DateTimeOffset.UtcNow, userId }, AppIds.UserInfo));
}
