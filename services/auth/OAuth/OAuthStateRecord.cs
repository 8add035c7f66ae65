namespace Growbin.Auth.OAuth;

/// <summary>What an authorize call promised: the login that may use its state.</summary>
/// <param name="CodeVerifier">The PKCE verifier sent on the code exchange (providers with PKCE only).</param>
/// <param name="SecretHash">SHA-256 hex of the state secret the client got with the state (every provider but dev).</param>
/// <param name="UsedAt">When a login spent the state; the record then stays only until its TTL.</param>
public sealed record OAuthStateRecord(
    string Provider,
    string RedirectUri,
    DateTimeOffset CreatedAt,
    string? CodeVerifier = null,
    string? SecretHash = null,
    DateTimeOffset? UsedAt = null);
