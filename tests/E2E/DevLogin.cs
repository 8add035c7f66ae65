using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Growbin.Contracts;

namespace Growbin.E2E.Tests;

/// <summary>A login with auth's dev provider (the multi-app run is Development) through auth's sidecar.</summary>
internal static class DevLogin
{
    private const string RedirectUri = "http://localhost:3000/auth/callback";

    /// <summary>auth's API through its sidecar (service invocation), e.g. <c>{Auth(system)}/login</c>.</summary>
    public static string Auth(RunningSystem system) =>
        $"http://127.0.0.1:{system.SidecarPorts[AppIds.Auth]}/v1.0/invoke/{AppIds.Auth}/method/api/v1/auth";

    /// <summary>A fresh user (a new nickname each time) and its access token.</summary>
    public static async Task<string> AccessTokenAsync(HttpClient http, RunningSystem system) =>
        (await LoginAsync(http, system)).AccessToken;

    /// <summary>authorize, then login with <paramref name="nickname"/> (a new one when null), once auth is up.</summary>
    public static async Task<DevSession> LoginAsync(HttpClient http, RunningSystem system, string? nickname = null)
    {
        var auth = Auth(system);
        (await Eventually.GetAsync(http, $"{auth}/.well-known/jwks.json")).Should().Be(HttpStatusCode.OK, "auth is up");

        var authorize = await http.GetFromJsonAsync<JsonElement>($"{auth}/dev/authorize?redirectUri={Uri.EscapeDataString(RedirectUri)}");
        nickname ??= "e2e" + Random.Shared.Next(10_000, 99_999);
        using var login = await http.PostAsJsonAsync($"{auth}/login",
            new { provider = "dev", code = nickname, state = authorize.GetProperty("state").GetString(), redirectUri = RedirectUri });
        login.StatusCode.Should().Be(HttpStatusCode.OK, await login.Content.ReadAsStringAsync());
        var body = await login.Content.ReadFromJsonAsync<JsonElement>();
        return new DevSession(nickname, body.GetProperty("userId").GetString()!, body.GetProperty("accessToken").GetString()!,
            body.GetProperty("refreshToken").GetString()!, body.GetProperty("isNewUser").GetBoolean());
    }
}
