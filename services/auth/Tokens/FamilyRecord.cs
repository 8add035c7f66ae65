namespace Growbin.Auth.Tokens;

/// <summary>
/// One login's chain of refresh tokens, the only record it keeps (<c>auth|family|{sha256 of the family id}</c>): the
/// SHA-256 of the one token that may be used next, when that token was issued, and whether the family has ended.
/// Rotation replaces the hash in place; any other token of the family is a replay.
/// </summary>
public sealed record FamilyRecord(
    string UserId, string TokenHash, DateTimeOffset CreatedAt, DateTimeOffset IssuedAt, DateTimeOffset? RevokedAt);
