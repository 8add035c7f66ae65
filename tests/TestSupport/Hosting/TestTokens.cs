using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Growbin.Contracts;
using Growbin.TestSupport.Dapr;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Growbin.TestSupport.Hosting;

/// <summary>
/// An ES256 signing key standing in for auth's. <see cref="ApplyTo{TProgram}"/> makes an app trust it the way
/// production does: the app fetches the JWKS from app-id <c>auth</c> through (the double's) service invocation.
/// <see cref="For"/> issues access tokens for any user, as auth would.
/// </summary>
public sealed class TestTokens : IDisposable
{
    public const string Issuer = "https://api.growbin.app/api/v1/auth";
    public const string Audience = "growbin-api";
    public const string KeyId = "test-key-1";
    public const string JwksPath = "/api/v1/auth/.well-known/jwks.json";

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private int _jwksRequests;

    /// <summary>How often apps fetched the JWKS.</summary>
    public int JwksRequests => Volatile.Read(ref _jwksRequests);

    public GrowbinAppFactory<TProgram> ApplyTo<TProgram>(GrowbinAppFactory<TProgram> factory)
        where TProgram : class
    {
        ServeJwksFrom(factory.Dapr);
        return factory
            .WithSetting("Authentication:Jwt:Issuer", Issuer)
            .WithSetting("Authentication:Jwt:Audience", Audience);
    }

    /// <summary>Registers app-id <c>auth</c> in <paramref name="dapr"/>, answering the JWKS path with this key.</summary>
    public InMemoryDaprClient ServeJwksFrom(InMemoryDaprClient dapr) =>
        dapr.RegisterApp(AppIds.Auth, new HttpClient(new JwksHandler(this)) { BaseAddress = new Uri("http://auth") });

    /// <summary>The JWKS document auth would serve for this key.</summary>
    public string Jwks()
    {
        var p = _key.ExportParameters(includePrivateParameters: false);
        return JsonSerializer.Serialize(new
        {
            keys = new[]
            {
                new
                {
                    kty = "EC", crv = "P-256", x = Base64UrlEncoder.Encode(p.Q.X), y = Base64UrlEncoder.Encode(p.Q.Y),
                    kid = KeyId, use = "sig", alg = "ES256",
                },
            },
        });
    }

    /// <summary>A valid 15-minute access token whose <c>sub</c> is <paramref name="userId"/>.</summary>
    public string For(string userId) => Create(userId, DateTime.UtcNow.AddMinutes(15));

    /// <summary>
    /// An access token for <paramref name="userId"/> that expires at <paramref name="expires"/>; the rest as
    /// <see cref="For"/> unless overridden. <paramref name="jti"/> "" leaves the claim out.
    /// </summary>
    public string Create(string userId, DateTime expires, string audience = Audience, string? jti = null, string issuer = Issuer)
    {
        var claims = new Dictionary<string, object> { ["sub"] = userId };
        if (jti != "")
        {
            claims["jti"] = jti ?? Guid.NewGuid().ToString("N");
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = claims,
            NotBefore = expires.AddMinutes(-16),
            IssuedAt = expires.AddMinutes(-16),
            Expires = expires,
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(_key) { KeyId = KeyId }, SecurityAlgorithms.EcdsaSha256),
        });
    }

    /// <summary>A client that sends <paramref name="userId"/>'s token on every request.</summary>
    public HttpClient Authorize(HttpClient client, string userId)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", For(userId));
        return client;
    }

    public void Dispose() => _key.Dispose();

    private sealed class JwksHandler(TestTokens tokens) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method != HttpMethod.Get || request.RequestUri?.AbsolutePath != JwksPath)
            {
                return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound));
            }

            Interlocked.Increment(ref tokens._jwksRequests);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent(tokens.Jwks(), Encoding.UTF8, "application/json"),
            });
        }
    }
}
