namespace Growbin.Auth.Responses;

/// <summary>Who the token belongs to; all the Ingress needs to forward a request.</summary>
public sealed record VerifyResponse(string UserId);
