namespace Growbin.Auth.Keys;

/// <summary>One entry of the signing-keys secret, as stored (see README.md).</summary>
public sealed record SigningKeySecret(string Kid, string PrivateKeyPem, bool Active);
