using Microsoft.Extensions.Options;

namespace Growbin.Auth.OAuth;

/// <summary>Exact matching against <see cref="OAuthOptions.RedirectUris"/>, as OAuth's security best practice asks.</summary>
public sealed class RedirectUriPolicy(IOptions<OAuthOptions> options)
{
    public const int MaxLength = 2048;

    public bool IsAllowed(string? redirectUri)
    {
        if (string.IsNullOrEmpty(redirectUri) || redirectUri.Length > MaxLength
            || !Uri.TryCreate(redirectUri, UriKind.Absolute, out var requested))
        {
            return false;
        }

        // Uri normalises scheme and host case and default ports; path and query must match to the character.
        return options.Value.RedirectUris.Any(allowed =>
            Uri.TryCreate(allowed, UriKind.Absolute, out var uri)
            && string.Equals(uri.AbsoluteUri, requested.AbsoluteUri, StringComparison.Ordinal));
    }
}
