namespace Growbin.Auth.Responses;

/// <summary>One public P-256 key in RFC 7517 form; property names are the JWK member names.</summary>
public sealed record JwkResponse(string Kty, string Crv, string X, string Y, string Kid, string Use, string Alg);
