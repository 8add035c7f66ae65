using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Growbin.Knowledge;

namespace Growbin.Auth.Users;

/// <summary>Fits provider profile hints to the <c>growbin.users</c> checks, so a provider's data never fails a login.</summary>
public static class ProfileSanitizer
{
    public const int MinNicknameLength = 2;
    public const int MaxNicknameLength = 20;
    public const int MaxImageUrlLength = 2048;

    /// <summary>
    /// The provider nickname without control or formatting characters, whitespace collapsed, cut to 20 characters
    /// (PostgreSQL counts code points) without splitting a character; "사용자1234" style when too little is left.
    /// </summary>
    public static string Nickname(string? nickname) =>
        Clean(nickname) is { } clean ? clean : "사용자" + RandomNumberGenerator.GetInt32(1000, 10000).ToString(CultureInfo.InvariantCulture);

    /// <summary>The cleaned nickname, or null when it does not fit 2–20 characters as given (for the dev provider's code).</summary>
    public static string? ExactNickname(string? nickname) =>
        Clean(nickname) is { } clean && clean == KoreanText.ComposeHangul(nickname!) ? clean : null;

    /// <summary>An absolute https URL of at most 2048 characters, else null.</summary>
    public static string? ImageUrl(string? url) =>
        url is { Length: > 0 and <= MaxImageUrlLength }
        && Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps
            ? url
            : null;

    private static string? Clean(string? nickname)
    {
        if (string.IsNullOrWhiteSpace(nickname))
        {
            return null;
        }

        var builder = new StringBuilder(nickname.Length);
        var runes = 0;
        var pendingSpace = false;
        var elements = StringInfo.GetTextElementEnumerator(KoreanText.ComposeHangul(nickname));
        while (elements.MoveNext())
        {
            var element = (string)elements.Current;
            if (element.EnumerateRunes().All(Rune.IsWhiteSpace))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (element.EnumerateRunes().Any(r => Rune.IsControl(r) || Rune.GetUnicodeCategory(r) is UnicodeCategory.Format
                    or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned))
            {
                continue;
            }

            var length = RuneCount(element) + (pendingSpace ? 1 : 0);
            if (runes + length > MaxNicknameLength)
            {
                break;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
            }

            builder.Append(element);
            runes += length;
            pendingSpace = false;
        }

        return runes >= MinNicknameLength ? builder.ToString() : null;
    }

    private static int RuneCount(string text) => text.EnumerateRunes().Count();
}
