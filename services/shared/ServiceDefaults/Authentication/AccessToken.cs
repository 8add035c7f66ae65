using System.Security.Claims;

namespace Growbin.ServiceDefaults.Authentication;

/// <summary>A validated, not denylisted access token.</summary>
public sealed record AccessToken(string UserId, string Jti, DateTimeOffset ExpiresAt, ClaimsIdentity Identity);
