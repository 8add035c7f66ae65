namespace Growbin.Auth.Users;

/// <summary>The user a provider account belongs to, and whether this login created them.</summary>
public sealed record LoginAccount(string UserId, bool Created);
