namespace Growbin.Auth.Responses;

/// <summary>Every key a current token may be signed with, so validators keep working across a rotation.</summary>
public sealed record JwksResponse(IReadOnlyList<JwkResponse> Keys);
