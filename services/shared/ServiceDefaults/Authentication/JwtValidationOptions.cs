namespace Growbin.ServiceDefaults.Authentication;

/// <summary>
/// How APIs validate Growbin access tokens (ES256, issued by auth). Configuration section
/// <c>Authentication:Jwt</c>. Keys come from configuration for now; auth's JWKS replaces them later.
/// </summary>
public sealed class JwtValidationOptions
{
    public const string SectionName = "Authentication:Jwt";

    public string Issuer { get; set; } = "https://api.growbin.app/api/v1/auth";

    public string Audience { get; set; } = "growbin-api";

    /// <summary>Public keys accepted for signatures; a token's <c>kid</c> picks one.</summary>
    public List<JwtSigningKey> SigningKeys { get; set; } = [];

    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}

/// <param name="KeyId">The <c>kid</c> header value the key answers to.</param>
/// <param name="PublicKeyPem">A P-256 public key, PEM (SubjectPublicKeyInfo).</param>
public sealed record JwtSigningKey(string KeyId, string PublicKeyPem);
