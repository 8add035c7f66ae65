using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Growbin.Knowledge;
using Growbin.UserInfo.Requests;

namespace Growbin.UserInfo.Profiles;

/// <summary>
/// What a profile may hold. Checked before anything is stored; every broken rule is reported under its field's
/// JSON name. The database's CHECKs (char_length bounds) are a backstop these rules always satisfy.
/// </summary>
public static partial class ProfileRules
{
    public const int NicknameMinLength = 2;
    public const int NicknameMaxLength = 20;
    public const int MaxImageUrlLength = 2048;
    public const int MaxRegionLength = 50;

    public const string NicknameField = "nickname";
    public const string ProfileImageUrlField = "profileImageUrl";
    public const string RegionField = "region";

    /// <summary>The stored form of <paramref name="request"/>, or null with the broken rules in <paramref name="errors"/>.</summary>
    public static ProfileUpdate? Validate(UpdateProfileRequest request, out Dictionary<string, string[]> errors)
    {
        errors = [];
        var nickname = Nickname(request.Nickname, out var nicknameError);
        var imageUrl = ProfileImageUrl(request.ProfileImageUrl, out var imageUrlError);
        var region = Region(request.Region, out var regionError);

        AddIfAny(errors, NicknameField, nicknameError);
        AddIfAny(errors, ProfileImageUrlField, imageUrlError);
        AddIfAny(errors, RegionField, regionError);
        return errors.Count == 0 ? new ProfileUpdate(nickname!, imageUrl, region) : null;
    }

    /// <summary>
    /// Trimmed and Hangul-composed; 2–20 user-perceived characters (text elements, so 한 is one whether sent
    /// composed or as jamo) and at most 20 code points, the column's limit. No control or format characters: they
    /// are invisible (zero-width space, joiners, direction marks) and let two nicknames look alike.
    /// </summary>
    private static string? Nickname(string? value, out string? error)
    {
        error = null;
        if (value is null)
        {
            error = "nickname is required.";
            return null;
        }

        var nickname = KoreanText.ComposeHangul(value.Trim());
        if (HasInvisibleCharacters(nickname))
        {
            error = "nickname must not contain control or invisible formatting characters (line breaks, tabs, zero-width spaces, joiners).";
            return null;
        }

        if (nickname.Length == 0)
        {
            error = "nickname must not be empty or only spaces.";
            return null;
        }

        var characters = new StringInfo(nickname).LengthInTextElements;
        var codePoints = nickname.EnumerateRunes().Count();
        if (characters < NicknameMinLength || characters > NicknameMaxLength)
        {
            error = $"nickname must be {NicknameMinLength}–{NicknameMaxLength} characters (got {characters}).";
            return null;
        }

        if (codePoints > NicknameMaxLength)
        {
            error = $"nickname is too long: at most {NicknameMaxLength} characters, where an emoji with a skin tone or a letter with a combining mark counts as two (got {codePoints}).";
            return null;
        }

        return nickname;
    }

    /// <summary>null clears it; otherwise an absolute https URL with a host and no credentials, ≤ 2048 characters.</summary>
    private static string? ProfileImageUrl(string? value, out string? error)
    {
        error = null;
        if (value is null)
        {
            return null;
        }

        if (value.Length > MaxImageUrlLength)
        {
            error = $"profileImageUrl must be at most {MaxImageUrlLength} characters (got {value.Length}).";
            return null;
        }

        if (value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))
            || !Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || uri.Scheme != Uri.UriSchemeHttps
            || uri.Host.Length == 0
            || uri.UserInfo.Length > 0)
        {
            error = "profileImageUrl must be an absolute https:// URL (or null to remove the picture).";
            return null;
        }

        return value;
    }

    /// <summary>
    /// null clears it; otherwise the shape of a Korean administrative name: a 시/도, then optionally its 시/군/구
    /// (and a 구 of a 시), separated by single spaces, e.g. 서울특별시 마포구, 경기도 성남시 분당구, 세종특별자치시.
    /// Runs of spaces are collapsed before checking.
    /// </summary>
    private static string? Region(string? value, out string? error)
    {
        error = null;
        if (value is null)
        {
            return null;
        }

        var region = KoreanText.ComposeHangul(value.Trim());
        if (HasInvisibleCharacters(region))
        {
            error = "region must not contain control or invisible formatting characters.";
            return null;
        }

        region = Spaces().Replace(region, " ");
        if (region.Length > MaxRegionLength)
        {
            error = $"region must be at most {MaxRegionLength} characters (got {region.Length}).";
            return null;
        }

        if (!AdministrativeName().IsMatch(region))
        {
            error = "region must be a 시/도 with an optional 시/군/구, such as '서울특별시 마포구', '경기도 성남시 분당구' or '세종특별자치시' (or null to clear it).";
            return null;
        }

        // The shape fits; the 시/도 must also be one of the seventeen, whose rules the answers look up (RegionName).
        if (!RegionName.TryParse(region, out _))
        {
            error = $"region must start with one of the 17 시/도 ({string.Join(", ", RegionName.SidoNames)}).";
            return null;
        }

        return region;
    }

    /// <summary>Cc and Cf (zero-width space, ZWJ, BOM, bidi marks), line/paragraph separators and broken surrogates.</summary>
    private static bool HasInvisibleCharacters(string text)
    {
        for (var i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                return true;
            }

            if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                return true;
            }

            i += consumed;
        }

        return false;
    }

    private static void AddIfAny(Dictionary<string, string[]> errors, string field, string? error)
    {
        if (error is not null)
        {
            errors[field] = [error];
        }
    }

    [GeneratedRegex(" {2,}")]
    private static partial Regex Spaces();

    // 특별시/광역시 → 구 or 군; 특별자치시 (세종) → nothing below; 도 (incl. 특별자치도) → 시 (→ 구) or 군.
    [GeneratedRegex("^(?:[가-힣]{1,10}(?:특별시|광역시)(?: [가-힣]{1,10}[구군])?|[가-힣]{1,10}특별자치시|[가-힣]{1,10}도(?: [가-힣]{1,10}시(?: [가-힣]{1,10}구)?| [가-힣]{1,10}군)?)$")]
    private static partial Regex AdministrativeName();
}
