namespace Growbin.Auth.OAuth;

/// <summary>What an authorize call promised: the login that may use its state.</summary>
public sealed record OAuthStateRecord(string Provider, string RedirectUri, DateTimeOffset CreatedAt);
