namespace Growbin.Auth.Keys;

/// <summary>The signing-keys secret holds <see cref="ExampleSigningKey"/> outside Development.</summary>
public sealed class ExampleSigningKeyException(string kid, string secretName) : InvalidOperationException(
    $"Signing key '{kid}' in secret '{secretName}' is the example key committed in components/secrets.example.json; "
    + "anyone can sign tokens with it, so auth refuses it outside Development. Generate a key of your own "
    + "(services/auth/README.md, Signing keys).")
{
    public string Kid { get; } = kid;
}
