using System.Net;
using System.Text.Json;
using Growbin.TestSupport.Dapr;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Growbin.Auth.Tests;

public sealed class JwksEndpointTests
{
    [Fact]
    public async Task Jwks_publishes_each_key_as_a_P256_signing_key_with_cache_control()
    {
        await using var host = await StartAsync(new AuthHost());

        var response = await host.Client.GetAsync("/api/v1/auth/.well-known/jwks.json");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.CacheControl!.Public.Should().BeTrue();
        response.Headers.CacheControl.MaxAge.Should().BePositive();
        var keys = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("keys");
        keys.GetArrayLength().Should().Be(1);
        var key = keys[0];
        key.GetProperty("kty").GetString().Should().Be("EC");
        key.GetProperty("crv").GetString().Should().Be("P-256");
        key.GetProperty("kid").GetString().Should().Be("key-1");
        key.GetProperty("use").GetString().Should().Be("sig");
        key.GetProperty("alg").GetString().Should().Be("ES256");
        Base64UrlEncoder.DecodeBytes(key.GetProperty("x").GetString()).Should().HaveCount(32);
        Base64UrlEncoder.DecodeBytes(key.GetProperty("y").GetString()).Should().HaveCount(32);
        key.TryGetProperty("d", out _).Should().BeFalse("the private part never leaves auth");
    }

    [Fact]
    public async Task An_issued_access_token_validates_against_the_published_jwks()
    {
        await using var host = await StartAsync(new AuthHost());
        var pair = await host.Tokens.IssueAsync("user-1");

        var result = await ValidateWithJwksAsync(host, pair.AccessToken);

        result.IsValid.Should().BeTrue(result.Exception?.Message);
        var token = (JsonWebToken)result.SecurityToken;
        token.Alg.Should().Be("ES256");
        token.Kid.Should().Be("key-1");
        token.Subject.Should().Be("user-1");
        token.Id.Should().NotBeNullOrEmpty();
        (token.ValidTo - token.IssuedAt).Should().Be(TimeSpan.FromMinutes(15));
    }

    [Fact]
    public async Task With_two_keys_both_are_published_and_the_active_one_signs()
    {
        await using var host = await StartAsync(new AuthHost(new InMemoryDaprClient(), ("old", false), ("new", true)));

        var json = JsonDocument.Parse(await host.Client.GetStringAsync("/api/v1/auth/.well-known/jwks.json")).RootElement;
        json.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString())
            .Should().BeEquivalentTo(["old", "new"]);

        var pair = await host.Tokens.IssueAsync("user-1");
        var result = await ValidateWithJwksAsync(host, pair.AccessToken);
        result.IsValid.Should().BeTrue(result.Exception?.Message);
        ((JsonWebToken)result.SecurityToken).Kid.Should().Be("new");
    }

    [Fact]
    public async Task A_secret_with_two_active_keys_is_refused_rather_than_guessing_which_signs()
    {
        await using var host = await StartAsync(new AuthHost(new InMemoryDaprClient(), ("a", true), ("b", true)));

        var response = await host.Client.GetAsync("/api/v1/auth/.well-known/jwks.json");

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    private static async Task<TokenValidationResult> ValidateWithJwksAsync(AuthHost host, string accessToken)
    {
        var jwks = new JsonWebKeySet(await host.Client.GetStringAsync("/api/v1/auth/.well-known/jwks.json"));
        return await new JsonWebTokenHandler().ValidateTokenAsync(accessToken, new TokenValidationParameters
        {
            ValidIssuer = "https://api.growbin.app/api/v1/auth",
            ValidAudience = "growbin-api",
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            IssuerSigningKeys = jwks.GetSigningKeys(),
        });
    }

    private static async Task<AuthHost> StartAsync(AuthHost host)
    {
        await host.InitializeAsync();
        return host;
    }
}
