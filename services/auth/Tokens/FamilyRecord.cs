namespace Growbin.Auth.Tokens;

/// <summary>One login's chain of refresh tokens; revoking it rejects every token of the chain at once.</summary>
public sealed record FamilyRecord(string FamilyId, string UserId, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
