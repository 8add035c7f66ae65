using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Growbin.Contracts;
using Growbin.ServiceDefaults.Authentication;
using Growbin.ServiceDefaults.Problems;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Growbin.ServiceDefaults.Tests;

/// <summary>
/// Bearer validation in every API: keys from auth's JWKS through service invocation, strict ES256 checks, the
/// denylist, and the cache of validated tokens.
/// </summary>
public sealed class JwtValidationTests : IAsyncLifetime
{
    private readonly TestTokens _tokens = new();
    private readonly ManualTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly InMemoryDaprClient _dapr;
    private WebApplication _app = null!;

    public JwtValidationTests() => _dapr = _tokens.ServeJwksFrom(new InMemoryDaprClient(_time));

    public async Task InitializeAsync() => _app = await StartAsync(_dapr);

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _tokens.Dispose();
    }

    [Fact]
    public async Task A_token_signed_with_a_key_from_auths_jwks_is_accepted_and_sub_is_the_user()
    {
        var response = await SendAsync(_tokens.For("user-42"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be("user-42");
    }

    [Fact]
    public async Task A_missing_token_is_an_unauthorized_problem_with_a_bearer_challenge()
    {
        var response = await SendAsync(token: null);

        (await ProblemDetailsTests.ReadProblemAsync(response, HttpStatusCode.Unauthorized))
            .GetProperty("type").GetString().Should().Be(ProblemTypes.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().Be("Bearer");
    }

    [Fact]
    public async Task An_expired_token_is_refused_and_the_problem_says_so()
    {
        var token = _tokens.Create("user-42", _time.GetUtcNow().UtcDateTime.AddMinutes(-5));

        var detail = await RefusedAsync(token);

        detail.Should().Contain("expired");
    }

    [Fact]
    public async Task A_token_is_refused_once_time_passes_its_expiry_even_after_it_was_cached()
    {
        var token = _tokens.Create("user-42", _time.GetUtcNow().UtcDateTime.AddMinutes(15));
        (await SendAsync(token)).StatusCode.Should().Be(HttpStatusCode.OK);

        _time.Advance(TimeSpan.FromMinutes(16));

        (await RefusedAsync(token)).Should().Contain("expired");
    }

    [Fact]
    public async Task An_unsigned_alg_none_token_is_refused()
    {
        var token = Unsigned("""{"alg":"none","typ":"JWT"}""", Payload());

        await RefusedAsync(token);
    }

    [Fact]
    public async Task An_hs256_token_keyed_with_auths_public_key_is_refused()
    {
        // The classic confusion attack: the public key bytes used as an HMAC secret.
        var jwk = JsonDocument.Parse(_tokens.Jwks()).RootElement.GetProperty("keys")[0];
        var secret = Encoding.UTF8.GetBytes(jwk.GetRawText());
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = TestTokens.Issuer,
            Audience = TestTokens.Audience,
            Claims = new Dictionary<string, object> { ["sub"] = "user-42", ["jti"] = "j1" },
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(secret) { KeyId = TestTokens.KeyId }, SecurityAlgorithms.HmacSha256),
        });

        await RefusedAsync(token);
    }

    [Fact]
    public async Task A_token_whose_payload_was_changed_after_signing_is_refused()
    {
        var parts = _tokens.For("user-42").Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])).Replace("user-42", "user-43");
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(payload)}.{parts[2]}";

        (await RefusedAsync(tampered)).Should().Contain("signature");
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_refused()
    {
        var token = _tokens.Create("user-42", DateTime.UtcNow.AddMinutes(10), issuer: "https://evil.example/auth");

        (await RefusedAsync(token)).Should().Contain("issued by someone else");
    }

    [Fact]
    public async Task A_token_for_another_audience_is_refused()
    {
        var token = _tokens.Create("user-42", DateTime.UtcNow.AddMinutes(10), audience: "someone-else");

        (await RefusedAsync(token)).Should().Contain("audience");
    }

    [Fact]
    public async Task A_token_without_a_jti_is_refused_because_it_could_never_be_revoked()
    {
        var token = _tokens.Create("user-42", DateTime.UtcNow.AddMinutes(10), jti: "");

        (await RefusedAsync(token)).Should().Contain("id");
    }

    [Fact]
    public async Task An_unknown_kid_fetches_the_jwks_again_but_not_on_every_forged_request()
    {
        (await SendAsync(_tokens.For("user-42"))).StatusCode.Should().Be(HttpStatusCode.OK);
        var fetches = _tokens.JwksRequests;
        _time.Advance(TimeSpan.FromMinutes(1));
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        for (var i = 0; i < 5; i++)
        {
            (await RefusedAsync(Signed(forger, $"forged-{i}"))).Should().Contain("signing key");
        }

        _tokens.JwksRequests.Should().Be(fetches + 1, "an unknown kid refreshes once, then waits the minimum interval");
    }

    [Fact]
    public async Task A_key_auth_rotated_in_is_trusted_as_soon_as_a_token_names_it()
    {
        var rotation = new RotatingJwks(_tokens);
        var dapr = new InMemoryDaprClient(_time).RegisterApp(AppIds.Auth, new HttpClient(rotation) { BaseAddress = new Uri("http://auth") });
        await using var app = await StartAsync(dapr);
        (await SendAsync(_tokens.For("user-42"), app)).StatusCode.Should().Be(HttpStatusCode.OK);

        using var next = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        rotation.Publish(next, "key-2");
        _time.Advance(TimeSpan.FromMinutes(1));
        var response = await SendAsync(Signed(next, "key-2"), app);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Keys_already_fetched_stay_in_use_while_auth_cannot_be_reached()
    {
        var token = _tokens.For("user-42");
        (await SendAsync(token)).StatusCode.Should().Be(HttpStatusCode.OK);
        _dapr.RegisterApp(AppIds.Auth, new HttpClient(new Unreachable()) { BaseAddress = new Uri("http://auth") });

        _time.Advance(TimeSpan.FromMinutes(11));
        var response = await SendAsync(_tokens.For("user-43"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_denylisted_token_is_refused()
    {
        var jti = Guid.NewGuid().ToString("N");
        await _app.Services.GetRequiredService<TokenDenylist>().DenyAsync(jti, "user-42", TimeSpan.FromMinutes(15));

        var detail = await RefusedAsync(_tokens.Create("user-42", DateTime.UtcNow.AddMinutes(10), jti: jti));

        detail.Should().Contain("revoked");
    }

    [Fact]
    public async Task A_cached_token_denylisted_later_is_refused_once_the_recheck_interval_has_passed()
    {
        var jti = Guid.NewGuid().ToString("N");
        var token = _tokens.Create("user-42", _time.GetUtcNow().UtcDateTime.AddMinutes(10), jti: jti);
        (await SendAsync(token)).StatusCode.Should().Be(HttpStatusCode.OK);

        await _app.Services.GetRequiredService<TokenDenylist>().DenyAsync(jti, "user-42", TimeSpan.FromMinutes(15));
        _time.Advance(new JwtValidationOptions().DenylistRecheck);

        await RefusedAsync(token);
    }

    [Fact]
    public async Task Every_token_of_a_deleted_account_is_refused_and_other_accounts_are_not()
    {
        var cached = _tokens.Create("user-deleted-1", _time.GetUtcNow().UtcDateTime.AddMinutes(10));
        (await SendAsync(cached)).StatusCode.Should().Be(HttpStatusCode.OK);

        await _app.Services.GetRequiredService<TokenDenylist>().DenyAccountAsync("user-deleted-1", _time.GetUtcNow());
        _time.Advance(new JwtValidationOptions().DenylistRecheck);

        (await RefusedAsync(cached)).Should().Contain("revoked");
        (await RefusedAsync(_tokens.Create("user-deleted-1", _time.GetUtcNow().UtcDateTime.AddMinutes(10)))).Should().Contain("revoked");
        (await SendAsync(_tokens.Create("user-deleted-2", _time.GetUtcNow().UtcDateTime.AddMinutes(10)))).StatusCode.Should().Be(HttpStatusCode.OK);
        _dapr.TtlOf(DaprComponents.TokenDenylist, TokenDenylist.AccountKeyFor("user-deleted-1"))
            .Should().Be(TokenDenylist.DeletedAccountTtl - new JwtValidationOptions().DenylistRecheck);
    }

    [Fact]
    public async Task A_validated_token_is_served_from_the_cache_without_reading_the_jwks_again()
    {
        var token = _tokens.For("user-42");
        for (var i = 0; i < 20; i++)
        {
            (await SendAsync(token)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        _tokens.JwksRequests.Should().Be(1);
    }

    private Task<WebApplication> StartAsync(InMemoryDaprClient dapr) => TestApp.StartAsync(
        app => app.MapGet("/me", (HttpContext http) => http.User.Identity!.Name).RequireAuthorization(),
        dapr: dapr,
        configureServices: services => services.AddSingleton<TimeProvider>(_time));

    private async Task<string> RefusedAsync(string token)
    {
        var response = await SendAsync(token);
        var problem = await ProblemDetailsTests.ReadProblemAsync(response, HttpStatusCode.Unauthorized);
        problem.GetProperty("type").GetString().Should().Be(ProblemTypes.Unauthorized);
        response.Headers.WwwAuthenticate.ToString().Should().StartWith("Bearer error=\"invalid_token\"");
        return problem.GetProperty("detail").GetString()!;
    }

    private Task<HttpResponseMessage> SendAsync(string? token, WebApplication? app = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return (app ?? _app).GetTestClient().SendAsync(request);
    }

    private static string Payload() => JsonSerializer.Serialize(new
    {
        iss = TestTokens.Issuer,
        aud = TestTokens.Audience,
        sub = "user-42",
        jti = "j1",
        exp = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds(),
    });

    private static string Unsigned(string header, string payload) =>
        $"{Base64UrlEncoder.Encode(header)}.{Base64UrlEncoder.Encode(payload)}.";

    private static string Signed(ECDsa key, string kid) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = TestTokens.Issuer,
        Audience = TestTokens.Audience,
        Claims = new Dictionary<string, object> { ["sub"] = "user-42", ["jti"] = Guid.NewGuid().ToString("N") },
        Expires = DateTime.UtcNow.AddMinutes(10),
        SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = kid }, SecurityAlgorithms.EcdsaSha256),
    });

    /// <summary>auth's JWKS, to which a test can add a key as a rotation would.</summary>
    private sealed class RotatingJwks(TestTokens tokens) : HttpMessageHandler
    {
        private readonly List<object> _extra = [];

        public void Publish(ECDsa key, string kid)
        {
            var p = key.ExportParameters(includePrivateParameters: false);
            _extra.Add(new { kty = "EC", crv = "P-256", x = Base64UrlEncoder.Encode(p.Q.X), y = Base64UrlEncoder.Encode(p.Q.Y), kid, use = "sig", alg = "ES256" });
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var keys = JsonDocument.Parse(tokens.Jwks()).RootElement.GetProperty("keys").EnumerateArray().Select(k => (object)k).Concat(_extra);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(JsonSerializer.Serialize(new { keys }), Encoding.UTF8, "application/json"),
            });
        }
    }

    private sealed class Unreachable : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.InternalServerError));
    }
}
