using System.Security.Cryptography;

namespace Growbin.Auth.Keys;

/// <summary>
/// The signing key committed in <c>components/secrets.example.json</c> (kid <c>local-dev-1</c>), known by the SHA-256
/// of its public key (SubjectPublicKeyInfo, DER) so its private half need not live in code. Anyone can sign tokens
/// with it, so only Development may load it. <c>k8s/secrets/create-secrets.sh</c> refuses the same fingerprint
/// (<c>openssl pkey -pubout -outform DER | sha256sum</c>).
/// </summary>
public static class ExampleSigningKey
{
    public const string PublicKeySha256 = "d569d08c6b42434c75dcda15bf0e4f4d086dc33a52edd28de457c837b2ec5de8";

    public static string FingerprintOf(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));

    public static bool Is(ECDsa key) => FingerprintOf(key) == PublicKeySha256;
}
