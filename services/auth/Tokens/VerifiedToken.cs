namespace Growbin.Auth.Tokens;

/// <summary>An access token that passed signature, claims and denylist checks.</summary>
public sealed record VerifiedToken(string UserId, string Jti, DateTimeOffset ExpiresAt);
