using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Growbin.ServiceDefaults.Authentication;

/// <summary>Turns <see cref="JwtValidationOptions"/> into strict bearer validation: ES256 only, issuer, audience, lifetime.</summary>
internal sealed class ConfigureJwtBearer(IOptions<JwtValidationOptions> options) : IConfigureNamedOptions<JwtBearerOptions>
{
    public void Configure(string? name, JwtBearerOptions bearer)
    {
        if (name != JwtBearerDefaults.AuthenticationScheme)
        {
            return;
        }

        var jwt = options.Value;
        bearer.MapInboundClaims = false;
        bearer.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = jwt.Issuer,
            ValidAudience = jwt.Audience,
            ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
            IssuerSigningKeys = jwt.SigningKeys.Select(ToSecurityKey).ToList(),
            ClockSkew = jwt.ClockSkew,
            NameClaimType = "sub",
            RequireSignedTokens = true,
            RequireExpirationTime = true,
        };
    }

    public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);

    private static ECDsaSecurityKey ToSecurityKey(JwtSigningKey key)
    {
        var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(key.PublicKeyPem);
        return new ECDsaSecurityKey(ecdsa) { KeyId = key.KeyId };
    }
}
