namespace Growbin.Auth.Tokens;

/// <summary>A refresh token as stored: only its SHA-256, so a leaked store yields no usable tokens.</summary>
public sealed record RefreshRecord(string FamilyId, string UserId, string Hash, DateTimeOffset IssuedAt, DateTimeOffset? RotatedAt);
