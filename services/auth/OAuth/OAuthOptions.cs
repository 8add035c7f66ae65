namespace Growbin.Auth.OAuth;

/// <summary>OAuth login settings. Configuration section <c>Auth:OAuth</c>.</summary>
public sealed class OAuthOptions
{
    public const string SectionName = "Auth:OAuth";

    /// <summary>
    /// The only redirect URIs a login may use, compared exactly. Each is absolute https; plain http only to
    /// localhost, and only in Development.
    /// </summary>
    public List<string> RedirectUris { get; set; } = [];

    /// <summary>How long an authorize <c>state</c> can be traded for a login (ARCHITECTURE §6: 10 min).</summary>
    public TimeSpan StateLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long client ids and secrets read from the secret store are used before they are read again.</summary>
    public TimeSpan CredentialsRefresh { get; set; } = TimeSpan.FromMinutes(10);
}
