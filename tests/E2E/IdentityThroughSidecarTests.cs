using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Growbin.Contracts;

namespace Growbin.E2E.Tests;

/// <summary>
/// Log in with the dev provider (the multi-app run is Development), then use the token at userinfo, which fetches auth's
/// JWKS through its sidecar; log out, and the token stops working there once the denylist recheck has passed. Refresh
/// rotates the pair through auth's sidecar and its state store; a reused refresh token ends the family.
/// </summary>
[Collection(RunningSystemCollection.Name)]
public sealed class IdentityThroughSidecarTests(RunningSystem system)
{
    private string Users => $"http://127.0.0.1:{system.SidecarPorts[AppIds.UserInfo]}/v1.0/invoke/{AppIds.UserInfo}/method/api/v1/users/me";

    [DaprdFact]
    public async Task A_dev_login_reaches_userinfo_and_logout_ends_it()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var session = await DevLogin.LoginAsync(http, system);
        session.IsNewUser.Should().BeTrue("every run logs in with a new nickname");

        using var profile = await MeAsync(http, session.AccessToken);
        profile.StatusCode.Should().Be(HttpStatusCode.OK, await profile.Content.ReadAsStringAsync());
        var me = await profile.Content.ReadFromJsonAsync<JsonElement>();
        me.GetProperty("nickname").GetString().Should().Be(session.Nickname);
        me.GetProperty("id").GetString().Should().Be(session.UserId);

        using var logout = new HttpRequestMessage(HttpMethod.Post, $"{DevLogin.Auth(system)}/logout")
        {
            Content = JsonContent.Create(new { refreshToken = session.RefreshToken }),
        };
        logout.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.AccessToken);
        (await http.SendAsync(logout)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await RefusedEventuallyAsync(http, session.AccessToken)).Should().Be(HttpStatusCode.Unauthorized);
    }

    [DaprdFact]
    public async Task A_refreshed_pair_works_at_userinfo_and_a_reused_refresh_token_ends_the_family()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var session = await DevLogin.LoginAsync(http, system);

        using var refreshed = await RefreshAsync(http, session.RefreshToken);
        refreshed.StatusCode.Should().Be(HttpStatusCode.OK, await refreshed.Content.ReadAsStringAsync());
        var pair = await refreshed.Content.ReadFromJsonAsync<JsonElement>();
        var access = pair.GetProperty("accessToken").GetString()!;
        var refresh = pair.GetProperty("refreshToken").GetString()!;
        refresh.Should().NotBe(session.RefreshToken, "refresh rotates the refresh token");

        using var profile = await MeAsync(http, access);
        profile.StatusCode.Should().Be(HttpStatusCode.OK, await profile.Content.ReadAsStringAsync());
        (await profile.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString().Should().Be(session.UserId);

        using var reused = await RefreshAsync(http, session.RefreshToken);
        reused.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        reused.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        (await reused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString().Should().EndWith("invalid-refresh-token");

        using var revoked = await RefreshAsync(http, refresh);
        revoked.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "reusing a rotated token revokes its whole family");
    }

    [DaprdFact]
    public async Task A_second_login_with_the_same_nickname_is_the_same_user()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var first = await DevLogin.LoginAsync(http, system);

        var second = await DevLogin.LoginAsync(http, system, first.Nickname);

        second.IsNewUser.Should().BeFalse();
        second.UserId.Should().Be(first.UserId);
        second.AccessToken.Should().NotBe(first.AccessToken);
    }

    private Task<HttpResponseMessage> RefreshAsync(HttpClient http, string refreshToken) =>
        http.PostAsJsonAsync($"{DevLogin.Auth(system)}/refresh", new { refreshToken });

    private Task<HttpResponseMessage> MeAsync(HttpClient http, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Users);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http.SendAsync(request);
    }

    // userinfo trusts its cached "not denylisted" answer for up to 5 s (Authentication:Jwt:DenylistRecheck).
    private async Task<HttpStatusCode> RefusedEventuallyAsync(HttpClient http, string token)
    {
        var (refused, last) = await Eventually.UntilAsync(async _ =>
        {
            using var response = await MeAsync(http, token);
            return response.StatusCode;
        }, status => status == HttpStatusCode.Unauthorized, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(1));
        refused.Should().BeTrue($"userinfo refuses the logged-out token (last answer {last})");
        return last;
    }
}
