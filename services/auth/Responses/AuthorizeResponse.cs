namespace Growbin.Auth.Responses;

/// <summary>Where to send the user to log in, and the state the login must bring back within <c>expiresIn</c> seconds.</summary>
public sealed record AuthorizeResponse(string Provider, string AuthorizationUrl, string State, int ExpiresIn);
