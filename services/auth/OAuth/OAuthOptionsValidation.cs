using Microsoft.Extensions.Options;

namespace Growbin.Auth.OAuth;

/// <summary>Refuses to start with a redirect URI an attacker could use to catch codes: not https, or http beyond local development.</summary>
public sealed class OAuthOptionsValidation(IHostEnvironment environment) : IValidateOptions<OAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, OAuthOptions options)
    {
        var failures = new List<string>();
        foreach (var entry in options.RedirectUris)
        {
            if (!Uri.TryCreate(entry, UriKind.Absolute, out var uri) || !string.IsNullOrEmpty(uri.Fragment)
                || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback && environment.IsDevelopment())))
            {
                failures.Add($"Auth:OAuth:RedirectUris entry '{entry}' must be an absolute https URI without fragment " +
                    "(http only to localhost, and only in Development).");
            }
        }

        if (options.StateLifetime <= TimeSpan.Zero)
        {
            failures.Add("Auth:OAuth:StateLifetime must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
