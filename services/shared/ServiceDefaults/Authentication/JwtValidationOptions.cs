namespace Growbin.ServiceDefaults.Authentication;

/// <summary>
/// How APIs validate Growbin access tokens (ES256, issued by auth). Configuration section <c>Authentication:Jwt</c>.
/// The keys themselves come from auth's JWKS (<see cref="JwksSigningKeySource"/>).
/// </summary>
public sealed class JwtValidationOptions
{
    public const string SectionName = "Authentication:Jwt";

    public string Issuer { get; set; } = "https://api.growbin.app/api/v1/auth";

    public string Audience { get; set; } = "growbin-api";

    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a fetched JWKS is used before it is fetched again (a rotation is also picked up on an unknown kid).</summary>
    public TimeSpan JwksRefresh { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The shortest gap between two fetches forced by unknown kids, so forged kids cannot hammer auth.</summary>
    public TimeSpan JwksMinRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Validated tokens kept, so a client's next request skips the signature check (0 turns the cache off).</summary>
    public int ValidatedTokenCacheSize { get; set; } = 10_000;

    /// <summary>
    /// How long a token's "not denylisted" answer is trusted before the denylist is read again: an API refuses a
    /// logged-out token within this time (auth's own endpoints at once). Zero reads the denylist on every request.
    /// </summary>
    public TimeSpan DenylistRecheck { get; set; } = TimeSpan.FromSeconds(5);
}
