using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Growbin.Auth.Tokens;
using Growbin.Contracts;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.OAuth;
using Xunit.Abstractions;

namespace Growbin.Auth.Tests;

/// <summary>
/// Redis runs with <c>noeviction</c>: a key written without a TTL stays until Redis is full and every write fails.
/// auth's whole life of a login — authorize, login, refresh, a replayed token, logout, the account deleted — leaves
/// only keys that expire.
/// </summary>
public sealed class StateTtlTests(LoginHost host, ITestOutputHelper output) : IClassFixture<LoginHost>
{
    [Fact]
    public async Task A_login_refreshed_replayed_logged_out_and_deleted_leaves_no_state_key_without_a_ttl()
    {
        await host.AuthorizeOkAsync(FakeOAuthServer.Naver); // an authorize nobody completes
        var login = await host.LoginAsAsync(FakeOAuthServer.Kakao, new FakeOAuthAccount("7700170001", Nickname: "기한"));
        var rotated = await RefreshOkAsync(login.RefreshToken);
        (await RefreshAsync(login.RefreshToken)).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "a replay ends the family");
        var second = await host.LoginAsAsync(FakeOAuthServer.Kakao, new FakeOAuthAccount("7700170001", Nickname: "기한"));
        (await LogoutAsync(second.AccessToken, second.RefreshToken)).IsSuccessStatusCode.Should().BeTrue();
        (await host.Client.PostAsync("/events/user-deleted", CloudEvents.Envelope(Topics.UserDeleted,
            new { id = Guid.NewGuid(), occurredAt = DateTimeOffset.UtcNow, userId = login.UserId }, "userinfo"))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await RefreshAsync(rotated.RefreshToken)).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the account is gone");

        var left = StateTtlAudit.Of(host.Dapr);
        output.WriteLine(left.ToString());

        left.Keys.Should().Contain(k => k.Store == DaprComponents.StateStore && k.Key.StartsWith("auth|", StringComparison.Ordinal));
        left.Keys.Should().Contain(k => k.Store == DaprComponents.TokenDenylist, "logout denies the access token");
        left.WithoutTtl.Should().BeEmpty();
    }

    private Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        host.Client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken });

    private async Task<TokenPair> RefreshOkAsync(string refreshToken)
    {
        var response = await RefreshAsync(refreshToken);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<TokenPair>())!;
    }

    private Task<HttpResponseMessage> LogoutAsync(string accessToken, string refreshToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/logout") { Content = JsonContent.Create(new { refreshToken }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return host.Client.SendAsync(request);
    }
}
