using System.Text.Json;

namespace Growbin.Auth.OAuth;

/// <summary>Reads one provider's profile JSON; null when the answer carries no account id.</summary>
public interface IOAuthProfileParser
{
    OAuthProfile? Parse(JsonElement profile);
}
