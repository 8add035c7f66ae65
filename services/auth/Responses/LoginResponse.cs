namespace Growbin.Auth.Responses;

/// <summary>A token pair (as refresh returns it) plus who logged in and whether the account was just created.</summary>
public sealed record LoginResponse(
    string AccessToken,
    string RefreshToken,
    string TokenType,
    int ExpiresIn,
    string UserId,
    bool IsNewUser);
