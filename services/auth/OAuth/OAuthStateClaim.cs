namespace Growbin.Auth.OAuth;

/// <summary>What login got for a state: the record when it took it, or why not.</summary>
/// <param name="Record">The consumed state; null when it is unknown, expired, taken by another request, or kept.</param>
/// <param name="WrongSecret">The state exists but the secret presented with it is not its own; the state is kept.</param>
public sealed record OAuthStateClaim(OAuthStateRecord? Record, bool WrongSecret);
