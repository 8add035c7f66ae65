namespace Growbin.Auth.Tokens;

/// <summary>One login's chain of refresh tokens; its revocation is kept under <c>auth|revoked|{familyId}</c>.</summary>
public sealed record FamilyRecord(string FamilyId, string UserId, DateTimeOffset CreatedAt);
