using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Growbin.TestSupport.Hosting;

/// <summary>
/// An ES256 signing key standing in for auth's: <see cref="ApplyTo{TProgram}"/> makes an app trust it, and
/// <see cref="For"/> issues access tokens for any user, as auth would.
/// </summary>
public sealed class TestTokens : IDisposable
{
    public const string Issuer = "https://api.growbin.app/api/v1/auth";
    public const string Audience = "growbin-api";
    public const string KeyId = "test-key-1";

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public GrowbinAppFactory<TProgram> ApplyTo<TProgram>(GrowbinAppFactory<TProgram> factory)
        where TProgram : class =>
        factory
            .WithSetting("Authentication:Jwt:Issuer", Issuer)
            .WithSetting("Authentication:Jwt:Audience", Audience)
            .WithSetting("Authentication:Jwt:SigningKeys:0:KeyId", KeyId)
            .WithSetting("Authentication:Jwt:SigningKeys:0:PublicKeyPem", _key.ExportSubjectPublicKeyInfoPem());

    /// <summary>A valid 15-minute access token whose <c>sub</c> is <paramref name="userId"/>.</summary>
    public string For(string userId)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Claims = new Dictionary<string, object> { ["sub"] = userId, ["jti"] = Guid.NewGuid().ToString("N") },
            NotBefore = now.AddMinutes(-1),
            IssuedAt = now.AddMinutes(-1),
            Expires = now.AddMinutes(15),
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
}
