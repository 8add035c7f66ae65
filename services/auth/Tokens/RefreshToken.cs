using System.Buffers.Text;
using System.Security.Cryptography;

namespace Growbin.Auth.Tokens;

/// <summary>
/// An opaque refresh token, <c>{family}.{secret}</c>: 16 and 32 random bytes, base64url. The family part finds the
/// family's record without a key per token; the store holds only hashes, of the family id and of the whole token.
/// </summary>
public sealed class RefreshToken
{
    private const int FamilyBytes = 16;
    private const int SecretBytes = 32;

    private RefreshToken(string familyId, string value)
    {
        FamilyId = familyId;
        Value = value;
    }

    public string FamilyId { get; }

    /// <summary>What the client holds.</summary>
    public string Value { get; }

    /// <summary>A new token of family <paramref name="familyId"/>, or of a new family.</summary>
    public static RefreshToken New(string? familyId = null)
    {
        familyId ??= Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(FamilyBytes));
        return new RefreshToken(familyId, familyId + "." + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes)));
    }

    /// <summary>Null unless <paramref name="value"/> has the shape of a token auth issues, so junk never reaches the store.</summary>
    public static RefreshToken? Parse(string? value)
    {
        var dot = value?.IndexOf('.') ?? -1;
        if (value is null || dot < 0)
        {
            return null;
        }

        var family = value[..dot];
        var secret = value[(dot + 1)..];
        return IsBase64UrlOf(family, FamilyBytes) && IsBase64UrlOf(secret, SecretBytes) ? new RefreshToken(family, value) : null;
    }

    private static bool IsBase64UrlOf(string text, int bytes) =>
        text.Length == Base64Url.GetEncodedLength(bytes)
        && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
        && Base64Url.IsValid(text, out var decoded) && decoded == bytes;
}
