using System.Text.Json;

namespace Growbin.Auth.OAuth;

/// <summary><c>GET https://openidconnect.googleapis.com/v1/userinfo</c>: <c>{sub, email?, email_verified?, name?, picture?}</c>.</summary>
public sealed class GoogleProfileParser : IOAuthProfileParser
{
    public OAuthProfile? Parse(JsonElement profile)
    {
        if (JsonFields.String(profile, "sub") is not { Length: > 0 } subject)
        {
            return null;
        }

        var email = JsonFields.NotFalse(profile, "email_verified") ? JsonFields.String(profile, "email") : null;
        return new OAuthProfile(subject, email, JsonFields.String(profile, "name"), JsonFields.String(profile, "picture"));
    }
}
