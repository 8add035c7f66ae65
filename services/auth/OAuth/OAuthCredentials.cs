namespace Growbin.Auth.OAuth;

/// <summary>A provider's client credentials, as registered with it.</summary>
public sealed record OAuthCredentials(string ClientId, string ClientSecret, DateTimeOffset LoadedAt);
