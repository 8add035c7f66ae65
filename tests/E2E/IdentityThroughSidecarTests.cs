using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Growbin.Contracts;

namespace Growbin.E2E.Tests;

/// <summary>
/// Log in with the dev provider (the multi-app run is Development), then use the token at userinfo, which fetches auth's
/// JWKS through its sidecar; log out, and the token stops working there once the denylist recheck has passed.
/// </summary>
[Collection(RunningSystemCollection.Name)]
public sealed class IdentityThroughSidecarTests(RunningSystem system)
{
    private const string RedirectUri = "http://localhost:3000/auth/callback";

    [DaprdFact]
    public async Task A_dev_login_reaches_userinfo_and_logout_ends_it()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var auth = $"http://127.0.0.1:{system.SidecarPorts[AppIds.Auth]}/v1.0/invoke/{AppIds.Auth}/method/api/v1/auth";
        var users = $"http://127.0.0.1:{system.SidecarPorts[AppIds.UserInfo]}/v1.0/invoke/{AppIds.UserInfo}/method/api/v1/users/me";
        (await Eventually.GetAsync(http, $"{auth}/.well-known/jwks.json")).Should().Be(HttpStatusCode.OK);

        var authorize = await http.GetFromJsonAsync<JsonElement>($"{auth}/dev/authorize?redirectUri={Uri.EscapeDataString(RedirectUri)}");
        var nickname = "e2e" + Random.Shared.Next(10_000, 99_999);
        var login = await http.PostAsJsonAsync($"{auth}/login",
            new { provider = "dev", code = nickname, state = authorize.GetProperty("state").GetString(), redirectUri = RedirectUri });
        login.StatusCode.Should().Be(HttpStatusCode.OK, await login.Content.ReadAsStringAsync());
        var tokens = await login.Content.ReadFromJsonAsync<JsonElement>();
        var access = tokens.GetProperty("accessToken").GetString()!;

        using var me = new HttpRequestMessage(HttpMethod.Get, users);
        me.Headers.Authorization = new AuthenticationHeaderValue("Bearer", access);
        var profile = await http.SendAsync(me);
        profile.StatusCode.Should().Be(HttpStatusCode.OK, await profile.Content.ReadAsStringAsync());
        (await profile.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("nickname").GetString().Should().Be(nickname);

        using var logout = new HttpRequestMessage(HttpMethod.Post, $"{auth}/logout")
        {
            Content = JsonContent.Create(new { refreshToken = tokens.GetProperty("refreshToken").GetString() }),
        };
        logout.Headers.Authorization = new AuthenticationHeaderValue("Bearer", access);
        (await http.SendAsync(logout)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await RefusedEventuallyAsync(http, users, access)).Should().Be(HttpStatusCode.Unauthorized);
    }

    // userinfo trusts its cached "not denylisted" answer for up to 5 s (Authentication:Jwt:DenylistRecheck).
    private static async Task<HttpStatusCode> RefusedEventuallyAsync(HttpClient http, string url, string token)
    {
        HttpStatusCode last = 0;
        for (var attempt = 0; attempt < 30 && last != HttpStatusCode.Unauthorized; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            last = (await http.SendAsync(request)).StatusCode;
            if (last != HttpStatusCode.Unauthorized)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }

        return last;
    }
}
