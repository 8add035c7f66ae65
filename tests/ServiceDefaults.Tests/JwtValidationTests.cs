using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Growbin.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Growbin.ServiceDefaults.Tests;

public sealed class JwtValidationTests : IDisposable
{
    private const string Issuer = "https://api.growbin.app/api/v1/auth";
    private const string Audience = "growbin-api";
    private readonly ECDsa _trustedKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _strangerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    [Fact]
    public async Task Token_signed_with_a_configured_key_is_accepted_and_sub_is_the_user()
    {
        await using var app = await StartAsync();

        var response = await SendAsync(app, Token(_trustedKey, "key-1"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be("user-42");
    }

    [Fact]
    public async Task Missing_token_is_an_unauthorized_problem()
    {
        await using var app = await StartAsync();

        var response = await SendAsync(app, token: null);

        (await ProblemDetailsTests.ReadProblemAsync(response, HttpStatusCode.Unauthorized))
            .GetProperty("type").GetString().Should().Be(ProblemTypes.Unauthorized);
    }

    [Fact]
    public async Task Token_signed_by_an_unknown_key_is_rejected()
    {
        await using var app = await StartAsync();

        var response = await SendAsync(app, Token(_strangerKey, "key-1"));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Expired_token_is_rejected()
    {
        await using var app = await StartAsync();

        var response = await SendAsync(app, Token(_trustedKey, "key-1", expires: DateTime.UtcNow.AddMinutes(-5)));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Token_for_another_audience_is_rejected()
    {
        await using var app = await StartAsync();

        var response = await SendAsync(app, Token(_trustedKey, "key-1", audience: "someone-else"));

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Symmetric_hs256_token_is_rejected_even_with_a_matching_kid()
    {
        await using var app = await StartAsync();
        var hmac = new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)) { KeyId = "key-1" };
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Claims = new Dictionary<string, object> { ["sub"] = "user-42" },
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(hmac, SecurityAlgorithms.HmacSha256),
        });

        var response = await SendAsync(app, token);

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    public void Dispose()
    {
        _trustedKey.Dispose();
        _strangerKey.Dispose();
    }

    private Task<WebApplication> StartAsync() => TestApp.StartAsync(
        app => app.MapGet("/me", (HttpContext http) => http.User.Identity!.Name).RequireAuthorization(),
        settings: new Dictionary<string, string?>
        {
            ["Authentication:Jwt:Issuer"] = Issuer,
            ["Authentication:Jwt:Audience"] = Audience,
            ["Authentication:Jwt:SigningKeys:0:KeyId"] = "key-1",
            ["Authentication:Jwt:SigningKeys:0:PublicKeyPem"] = _trustedKey.ExportSubjectPublicKeyInfoPem(),
        });

    private static string Token(ECDsa key, string kid, DateTime? expires = null, string audience = Audience)
    {
        var expiry = expires ?? DateTime.UtcNow.AddMinutes(15);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Claims = new Dictionary<string, object> { ["sub"] = "user-42" },
            NotBefore = expiry.AddMinutes(-20),
            IssuedAt = expiry.AddMinutes(-20),
            Expires = expiry,
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = kid }, SecurityAlgorithms.EcdsaSha256),
        });
    }

    private static Task<HttpResponseMessage> SendAsync(WebApplication app, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return app.GetTestClient().SendAsync(request);
    }
}
