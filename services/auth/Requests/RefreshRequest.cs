namespace Growbin.Auth.Requests;

/// <summary>Body of refresh and logout: the opaque refresh token the client holds.</summary>
public sealed record RefreshRequest(string RefreshToken);
