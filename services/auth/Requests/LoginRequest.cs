namespace Growbin.Auth.Requests;

/// <summary>
/// Body of login: what the provider's redirect brought back (<c>code</c>, <c>state</c>), the login it belongs to, and
/// the <c>stateSecret</c> authorize gave the client with the state (never part of a URL).
/// Every field is optional here (defaults, so the framework does not refuse the body first) so that a missing one is
/// answered field by field (ValidationProblem).
/// </summary>
public sealed record LoginRequest(
    string? Provider = null,
    string? Code = null,
    string? State = null,
    string? RedirectUri = null,
    string? StateSecret = null);
