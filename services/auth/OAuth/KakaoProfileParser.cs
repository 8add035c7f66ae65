using System.Globalization;
using System.Text.Json;

namespace Growbin.Auth.OAuth;

/// <summary>
/// <c>GET https://kapi.kakao.com/v2/user/me</c>: <c>{id: number, kakao_account: {email?, is_email_valid?,
/// is_email_verified?, profile: {nickname, profile_image_url}}}</c>.
/// </summary>
public sealed class KakaoProfileParser : IOAuthProfileParser
{
    public OAuthProfile? Parse(JsonElement profile)
    {
        if (profile.ValueKind != JsonValueKind.Object || !profile.TryGetProperty("id", out var id)
            || id.ValueKind != JsonValueKind.Number || !id.TryGetInt64(out var number))
        {
            return null;
        }

        var account = JsonFields.Object(profile, "kakao_account");
        var details = account is { } a ? JsonFields.Object(a, "profile") : null;
        var email = JsonFields.NotFalse(account, "is_email_valid") && JsonFields.NotFalse(account, "is_email_verified")
            ? JsonFields.String(account, "email")
            : null;
        return new OAuthProfile(number.ToString(CultureInfo.InvariantCulture), email,
            JsonFields.String(details, "nickname"), JsonFields.String(details, "profile_image_url"));
    }
}
