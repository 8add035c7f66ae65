namespace Growbin.Auth.OAuth;

/// <summary>What auth keeps of a provider account: the stable id, and hints for a new user's profile.</summary>
public sealed record OAuthProfile(string Subject, string? Email, string? Nickname, string? ProfileImageUrl);
