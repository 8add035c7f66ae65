using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Growbin.Contracts;

namespace Growbin.E2E.Tests;

/// <summary>A login with auth's dev provider (the multi-app run is Development) through auth's sidecar, as IdentityThroughSidecarTests does.</summary>
internal static class DevLogin
{
    private const string RedirectUri = "http://localhost:3000/auth/callback";

    /// <summary>A fresh user (a new nickname each time) and its access token.</summary>
    public static async Task<string> AccessTokenAsync(HttpClient http, RunningSystem system)
    {
        var auth = $"http://127.0.0.1:{system.SidecarPorts[AppIds.Auth]}/v1.0/invoke/{AppIds.Auth}/method/api/v1/auth";
        (await Eventually.GetAsync(http, $"{auth}/.well-known/jwks.json")).Should().Be(HttpStatusCode.OK, "auth is up");

        var authorize = await http.GetFromJsonAsync<JsonElement>($"{auth}/dev/authorize?redirectUri={Uri.EscapeDataString(RedirectUri)}");
        var nickname = "e2e" + Random.Shared.Next(10_000, 99_999);
        var login = await http.PostAsJsonAsync($"{auth}/login",
            new { provider = "dev", code = nickname, state = authorize.GetProperty("state").GetString(), redirectUri = RedirectUri });
        login.StatusCode.Should().Be(HttpStatusCode.OK, await login.Content.ReadAsStringAsync());
        return (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }
}
