using System.Text.Json;

namespace Growbin.Auth.OAuth;

/// <summary>
/// <c>GET https://openapi.naver.com/v1/nid/me</c>: <c>{resultcode: "00", message, response: {id, email?, nickname?,
/// profile_image?}}</c>; any other result code is a failure.
/// </summary>
public sealed class NaverProfileParser : IOAuthProfileParser
{
    public OAuthProfile? Parse(JsonElement profile)
    {
        if (JsonFields.String(profile, "resultcode") != "00" || JsonFields.Object(profile, "response") is not { } response
            || JsonFields.String(response, "id") is not { Length: > 0 } id)
        {
            return null;
        }

        return new OAuthProfile(id, JsonFields.String(response, "email"), JsonFields.String(response, "nickname"),
            JsonFields.String(response, "profile_image"));
    }
}
