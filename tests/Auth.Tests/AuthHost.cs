using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Growbin.Auth;
using Growbin.Auth.Tokens;
using Growbin.Contracts;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Growbin.Auth.Tests;

/// <summary>auth with its signing keys in the in-memory secret store; one per test class, tokens never collide.</summary>
public sealed class AuthHost : IAsyncLifetime
{
    public AuthHost()
        : this(new InMemoryDaprClient(), ("key-1", true))
    {
    }

    internal AuthHost(InMemoryDaprClient dapr, params (string Kid, bool Active)[] keys)
    {
        Keys = keys.ToDictionary(k => k.Kid, _ => ECDsa.Create(ECCurve.NamedCurves.nistP256));
        var secret = JsonSerializer.Serialize(keys.Select(k => new
        {
            kid = k.Kid,
            privateKeyPem = Keys[k.Kid].ExportPkcs8PrivateKeyPem(),
            active = k.Active,
        }));
        dapr.SetSecret(DaprComponents.SecretStore, "auth-signing-keys", new() { ["auth-signing-keys"] = secret });
        Factory = new GrowbinAppFactory<Program>(dapr);
    }

    public Dictionary<string, ECDsa> Keys { get; }

    public GrowbinAppFactory<Program> Factory { get; }

    public InMemoryDaprClient Dapr => Factory.Dapr;

    public HttpClient Client { get; private set; } = null!;

    public TokenService Tokens => Factory.Services.GetRequiredService<TokenService>();

    public Task InitializeAsync()
    {
        Client = Factory.CreateClient();
        return Task.CompletedTask;
    }

    /// <summary>Stops auth; then fails the class if its tests left a state key without a TTL (Redis runs noeviction).</summary>
    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        foreach (var key in Keys.Values)
        {
            key.Dispose();
        }

        StateTtlAudit.Of(Dapr).ThrowIfAnyWithoutTtl();
    }

    public Task<HttpResponseMessage> RefreshAsync(string refreshToken) =>
        Client.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken });

    public async Task<TokenPair> RefreshOkAsync(string refreshToken)
    {
        var response = await RefreshAsync(refreshToken);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<TokenPair>())!;
    }

    public Task<HttpResponseMessage> VerifyAsync(string accessToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/verify");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> LogoutAsync(string accessToken, string refreshToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/logout")
        {
            Content = JsonContent.Create(new { refreshToken }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return Client.SendAsync(request);
    }

    public static async Task ShouldBeProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, body);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        JsonDocument.Parse(body).RootElement.GetProperty("type").GetString().Should().StartWith("https://api.growbin.app/problems/");
    }
}
