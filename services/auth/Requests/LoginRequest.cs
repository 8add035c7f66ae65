namespace Growbin.Auth.Requests;

/// <summary>
/// Body of login: what the provider's redirect brought back (<c>code</c>, <c>state</c>) and the login it belongs to.
/// Every field is optional here so that a missing one is answered field by field (ValidationProblem).
/// </summary>
public sealed record LoginRequest(string? Provider, string? Code, string? State, string? RedirectUri);
