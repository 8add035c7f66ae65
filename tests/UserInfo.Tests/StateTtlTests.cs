using System.Net;
using System.Net.Http.Json;
using Growbin.Contracts;
using Growbin.Contracts.Events;
using Growbin.TestSupport.Dapr;
using Growbin.UserInfo.Apis;
using Xunit.Abstractions;

namespace Growbin.UserInfo.Tests;

/// <summary>
/// Redis runs with <c>noeviction</c>: a key written without a TTL stays until Redis is full and every write fails.
/// userinfo writes state only through the token denylist when an account is deleted; that entry expires. The host
/// checks every key the collection left when it stops.
/// </summary>
[Collection(UserInfoCollection.Name)]
public sealed class StateTtlTests(UserInfoHost host, ITestOutputHelper output)
{
    private const string Me = "/api/v1/users/me";

    [Fact]
    public async Task A_profile_edited_given_history_and_deleted_leaves_no_state_key_without_a_ttl()
    {
        var userId = await host.CreateUserAsync();
        var client = host.ClientFor(userId);
        (await client.PutAsJsonAsync(Me, new { nickname = "분리왕", profileImageUrl = "https://cdn.growbin.app/avatars/1.png", region = "경기도 성남시 분당구" })).StatusCode.Should().Be(HttpStatusCode.OK);
        var scan = new ScanCompleted(Guid.NewGuid(), DateTimeOffset.UtcNow, UserInfoHost.NewScanId(), userId.ToString(), "glass-bottle", "유리병",
            "glass", "내용물을 비우고 유리병 전용 수거함에", "images/0f0e.jpg", DateTimeOffset.UtcNow);
        (await host.DeliverAsync(EventsApi.ScanCompletedRoute, Topics.ScanCompleted, scan)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync($"/api/v1/users/{userId}/history")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.DeleteAsync(Me)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var left = StateTtlAudit.Of(host.Dapr);
        output.WriteLine(left.ToString());

        left.Keys.Should().Contain(k => k.Store == DaprComponents.TokenDenylist && k.Key.Contains(userId.ToString(), StringComparison.Ordinal),
            "the deleted account is denied");
        left.WithoutTtl.Should().BeEmpty();
    }
}
