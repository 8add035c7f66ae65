namespace Growbin.Auth.Tokens;

/// <summary>What a client gets on login and refresh.</summary>
public sealed record TokenPair(string AccessToken, string RefreshToken, string TokenType, int ExpiresIn);
