namespace Growbin.Auth.OAuth;

/// <summary>A new state as authorize hands it out.</summary>
/// <param name="State">Travels through the provider and back in the redirect URL.</param>
/// <param name="Secret">Stays with the client that called authorize; login must present it with the state. Null for dev.</param>
/// <param name="CodeChallenge">The S256 challenge for the authorize URL; null for a provider without PKCE.</param>
public sealed record IssuedOAuthState(string State, string? Secret, string? CodeChallenge);
