using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Growbin.Auth.OAuth;

/// <summary>
/// PKCE (RFC 7636) with the S256 method: a verifier of 32 random octets, base64url without padding (43 characters,
/// §4.1), and its challenge BASE64URL(SHA256(ASCII(verifier))) (§4.2).
/// </summary>
public static class Pkce
{
    public const string Method = "S256";

    public static string NewVerifier() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    public static string Challenge(string verifier) =>
        Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
}
