using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Growbin.Auth.Tests;

public sealed class LogoutAndVerifyEndpointTests(AuthHost api) : IClassFixture<AuthHost>
{
    [Fact]
    public async Task Logout_denylists_the_access_token_and_revokes_the_refresh_token()
    {
        var pair = await api.Tokens.IssueAsync("user-1");
        (await api.VerifyAsync(pair.AccessToken)).StatusCode.Should().Be(HttpStatusCode.OK);

        var logout = await api.LogoutAsync(pair.AccessToken, pair.RefreshToken);

        logout.StatusCode.Should().Be(HttpStatusCode.NoContent);
        await AuthHost.ShouldBeProblemAsync(await api.VerifyAsync(pair.AccessToken), HttpStatusCode.Unauthorized);
        await AuthHost.ShouldBeProblemAsync(await api.RefreshAsync(pair.RefreshToken), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Logout_without_a_valid_access_token_is_401_and_leaves_the_refresh_token_alone()
    {
        var pair = await api.Tokens.IssueAsync("user-2");

        await AuthHost.ShouldBeProblemAsync(await api.LogoutAsync("not-a-token", pair.RefreshToken), HttpStatusCode.Unauthorized);

        await api.RefreshOkAsync(pair.RefreshToken);
    }

    [Fact]
    public async Task Logout_cannot_revoke_another_users_refresh_token()
    {
        var mine = await api.Tokens.IssueAsync("user-3");
        var theirs = await api.Tokens.IssueAsync("user-4");

        (await api.LogoutAsync(mine.AccessToken, theirs.RefreshToken)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        await api.RefreshOkAsync(theirs.RefreshToken);
    }

    [Fact]
    public async Task Logout_with_a_malformed_body_is_400_and_denylists_nothing()
    {
        var pair = await api.Tokens.IssueAsync("user-5");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/auth/logout")
        {
            Content = new StringContent("{\"refreshToken\":", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", pair.AccessToken);

        await AuthHost.ShouldBeProblemAsync(await api.Client.SendAsync(request), HttpStatusCode.BadRequest);

        (await api.VerifyAsync(pair.AccessToken)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Verify_without_a_token_is_401()
    {
        await AuthHost.ShouldBeProblemAsync(await api.Client.PostAsync("/api/v1/auth/verify", null), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Verify_refuses_alg_none()
    {
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "https://api.growbin.app/api/v1/auth",
            Audience = "growbin-api",
            Claims = new Dictionary<string, object> { ["sub"] = "user-x", ["jti"] = "j1" },
            Expires = DateTime.UtcNow.AddMinutes(10),
        });
        token.Split('.')[0].Should().Be(Base64UrlEncoder.Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}"));

        await AuthHost.ShouldBeProblemAsync(await api.VerifyAsync(token), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Verify_refuses_a_tampered_payload()
    {
        var pair = await api.Tokens.IssueAsync("user-6");
        var parts = pair.AccessToken.Split('.');
        var payload = Base64UrlEncoder.Decode(parts[1]).Replace("\"user-6\"", "\"admin\"", StringComparison.Ordinal);
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";

        await AuthHost.ShouldBeProblemAsync(await api.VerifyAsync(tampered), HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("https://api.growbin.app/api/v1/auth", "someone-else")]
    [InlineData("https://evil.example/auth", "growbin-api")]
    public async Task Verify_refuses_a_wrong_audience_or_issuer_even_when_signed_with_the_real_key(string issuer, string audience)
    {
        var token = Sign(api.Keys["key-1"], "key-1", SecurityAlgorithms.EcdsaSha256, issuer, audience, DateTime.UtcNow.AddMinutes(10));

        await AuthHost.ShouldBeProblemAsync(await api.VerifyAsync(token), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Verify_refuses_an_expired_token()
    {
        var token = Sign(api.Keys["key-1"], "key-1", SecurityAlgorithms.EcdsaSha256,
            "https://api.growbin.app/api/v1/auth", "growbin-api", DateTime.UtcNow.AddMinutes(-5));

        await AuthHost.ShouldBeProblemAsync(await api.VerifyAsync(token), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Verify_refuses_a_key_it_does_not_publish()
    {
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var token = Sign(stranger, "key-1", SecurityAlgorithms.EcdsaSha256,
            "https://api.growbin.app/api/v1/auth", "growbin-api", DateTime.UtcNow.AddMinutes(10));

        await AuthHost.ShouldBeProblemAsync(await api.VerifyAsync(token), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Verify_refuses_HS256_signed_with_the_public_key_as_secret()
    {
        var publicKey = Encoding.UTF8.GetBytes(api.Keys["key-1"].ExportSubjectPublicKeyInfoPem());
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "https://api.growbin.app/api/v1/auth",
            Audience = "growbin-api",
            Claims = new Dictionary<string, object> { ["sub"] = "user-x", ["jti"] = "j2" },
            Expires = DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(publicKey) { KeyId = "key-1" }, SecurityAlgorithms.HmacSha256),
        });

        await AuthHost.ShouldBeProblemAsync(await api.VerifyAsync(token), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Verify_refuses_an_unknown_kid()
    {
        var token = Sign(api.Keys["key-1"], "no-such-key", SecurityAlgorithms.EcdsaSha256,
            "https://api.growbin.app/api/v1/auth", "growbin-api", DateTime.UtcNow.AddMinutes(10));

        await AuthHost.ShouldBeProblemAsync(await api.VerifyAsync(token), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Verify_of_a_valid_token_returns_its_user()
    {
        var pair = await api.Tokens.IssueAsync("user-7");

        var response = await api.VerifyAsync(pair.AccessToken);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<Dictionary<string, string>>())!["userId"].Should().Be("user-7");
    }

    private static string Sign(ECDsa key, string kid, string alg, string issuer, string audience, DateTime expires) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = new Dictionary<string, object> { ["sub"] = "user-x", ["jti"] = Guid.NewGuid().ToString("N") },
            NotBefore = expires.AddMinutes(-20),
            IssuedAt = expires.AddMinutes(-20),
            Expires = expires,
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = kid }, alg),
        });
}
