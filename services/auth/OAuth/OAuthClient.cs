using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapr;
using Dapr.Client;

namespace Growbin.Auth.OAuth;

/// <summary>
/// The provider side of a login, over the providers' bindings.http components (errorIfNot2XX "false", so the status
/// comes back as metadata <c>statusCode</c>): trades the code for an access token, then reads the profile with it.
/// Nothing the provider sends back is kept beyond the profile; tokens and secrets never reach logs or answers.
/// </summary>
public sealed class OAuthClient(DaprClient dapr, OAuthCredentialStore credentials, ILogger<OAuthClient> logger)
{
    /// <summary><c>user_identities.subject</c> holds at most this many characters.</summary>
    public const int MaxSubjectLength = 255;

    /// <param name="codeVerifier">The PKCE verifier of the login's state, sent as <c>code_verifier</c> when not null.</param>
    public async Task<OAuthProfile> GetProfileAsync(OAuthProvider provider, string code, string redirectUri, string state,
        string? codeVerifier, CancellationToken cancellationToken = default)
    {
        var accessToken = await ExchangeCodeAsync(provider, code, redirectUri, state, codeVerifier, cancellationToken);
        var (status, profile) = await CallAsync(provider, "profile", new BindingRequest(provider.ProfileBinding!, "get")
        {
            Metadata =
            {
                ["path"] = provider.ProfilePath,
                ["Authorization"] = "Bearer " + accessToken,
                ["Accept"] = "application/json",
            },
        }, cancellationToken);
        using (profile)
        {
            if (status / 100 != 2)
            {
                logger.LogWarning("{Provider} answered the profile request with {StatusCode}.", provider.Name, status);
                throw new OAuthProviderException($"{provider.Name} answered the profile request with status {status}.");
            }

            return provider.ProfileParser!.Parse(profile.RootElement) is { Subject.Length: <= MaxSubjectLength } parsed
                ? parsed
                : throw new OAuthProviderException($"{provider.Name}'s profile carries no usable account id.");
        }
    }

    private async Task<string> ExchangeCodeAsync(OAuthProvider provider, string code, string redirectUri, string state,
        string? codeVerifier, CancellationToken cancellationToken)
    {
        var client = await credentials.GetAsync(provider, cancellationToken);
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", "authorization_code"),
            new("client_id", client.ClientId),
            new("client_secret", client.ClientSecret),
            new("redirect_uri", redirectUri),
            new("code", code),
        };
        if (provider.ExchangeSendsState)
        {
            form.Add(new("state", state));
        }

        if (codeVerifier is not null)
        {
            form.Add(new("code_verifier", codeVerifier));
        }

        var (status, body) = await CallAsync(provider, "token", new BindingRequest(provider.TokenBinding!, "post")
        {
            Data = Encoding.UTF8.GetBytes(FormEncode(form)),
            Metadata =
            {
                ["path"] = provider.TokenPath,
                ["Content-Type"] = "application/x-www-form-urlencoded",
                ["Accept"] = "application/json",
            },
        }, cancellationToken);
        using (body)
        {
            var root = body.RootElement;
            // Naver reports errors with 200, the others with 400/401: the error field decides, whatever the status.
            if (JsonFields.String(root, "error") is { } error)
            {
                var rejected = provider.CodeRejectedErrors.Contains(error);
                if (error == "invalid_client")
                {
                    // Most likely a rotated secret: the next login reads the secret store instead of the cache.
                    credentials.Forget(provider);
                }

                logger.LogWarning("{Provider} refused the code exchange with {StatusCode} {Error}.", provider.Name, status, error);
                throw rejected
                    ? new OAuthProviderException($"{provider.Name} refused the authorization code: it is expired, used, unknown, or was issued to another login.", codeRejected: true)
                    : new OAuthProviderException($"{provider.Name} refused the code exchange ({error}).");
            }

            if (status / 100 != 2)
            {
                logger.LogWarning("{Provider} answered the code exchange with {StatusCode}.", provider.Name, status);
                throw new OAuthProviderException($"{provider.Name} answered the code exchange with status {status}.");
            }

            return JsonFields.String(root, "access_token") is { Length: > 0 } token
                ? token
                : throw new OAuthProviderException($"{provider.Name}'s token response carries no access token.");
        }
    }

    private async Task<(int Status, JsonDocument Body)> CallAsync(OAuthProvider provider, string what, BindingRequest request,
        CancellationToken cancellationToken)
    {
        BindingResponse response;
        try
        {
            response = await dapr.InvokeBindingAsync(request, cancellationToken);
        }
        catch (DaprException ex)
        {
            logger.LogWarning(ex, "The {Provider} {What} call through binding {Binding} failed.", provider.Name, what, request.BindingName);
            throw new OAuthProviderException($"{provider.Name} could not be reached for the {what} request.", inner: ex);
        }

        var status = response.Metadata.TryGetValue("statusCode", out var raw)
            && int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code)
                ? code
                : 0;
        try
        {
            var body = JsonDocument.Parse(response.Data);
            if (body.RootElement.ValueKind != JsonValueKind.Object)
            {
                body.Dispose();
                throw new JsonException("not a JSON object");
            }

            return (status, body);
        }
        catch (JsonException ex)
        {
            logger.LogWarning("The {Provider} {What} response ({StatusCode}) is not a JSON object: {Reason}",
                provider.Name, what, status, ex.Message);
            throw new OAuthProviderException(status / 100 == 2
                ? $"{provider.Name}'s {what} response could not be read."
                : $"{provider.Name} answered the {what} request with status {status}.", inner: ex);
        }
    }

    private static string FormEncode(IEnumerable<KeyValuePair<string, string>> fields) =>
        string.Join('&', fields.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value)));
}
