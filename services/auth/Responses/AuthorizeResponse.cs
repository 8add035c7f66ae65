namespace Growbin.Auth.Responses;

/// <summary>
/// Where to send the user to log in, and the state the login must bring back within <c>expiresIn</c> seconds together
/// with <c>stateSecret</c>, which the client keeps to itself (null for the dev provider).
/// </summary>
public sealed record AuthorizeResponse(string Provider, string AuthorizationUrl, string State, int ExpiresIn, string? StateSecret);
