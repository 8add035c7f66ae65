using System.Collections.Concurrent;
using Dapr.Client;
using Growbin.Contracts;
using Microsoft.Extensions.Options;

namespace Growbin.Auth.OAuth;

/// <summary>
/// Client ids and secrets from the Dapr secret store (<c>oauth-{provider}-client-id</c>, <c>oauth-{provider}-client-secret</c>,
/// each with its value under the key of the same name), kept for <see cref="OAuthOptions.CredentialsRefresh"/> so a login
/// costs no secret-store round trip and a rotated secret still arrives.
/// </summary>
public sealed class OAuthCredentialStore(DaprClient dapr, IOptions<OAuthOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, OAuthCredentials> _cache = new(StringComparer.Ordinal);

    public async Task<OAuthCredentials> GetAsync(OAuthProvider provider, CancellationToken cancellationToken = default)
    {
        if (_cache.TryGetValue(provider.Name, out var cached) && time.GetUtcNow() - cached.LoadedAt < options.Value.CredentialsRefresh)
        {
            return cached;
        }

        // Two logins loading at once both read the store; the result is the same, so no lock is needed.
        var clientId = await ReadAsync(provider.ClientIdSecret, cancellationToken);
        var clientSecret = await ReadAsync(provider.ClientSecretSecret, cancellationToken);
        var loaded = new OAuthCredentials(clientId, clientSecret, time.GetUtcNow());
        _cache[provider.Name] = loaded;
        return loaded;
    }

    /// <summary>Drops the cached credentials, so the next login reads the secret store again (after a rotation).</summary>
    public void Forget(OAuthProvider provider) => _cache.TryRemove(provider.Name, out _);

    private async Task<string> ReadAsync(string name, CancellationToken cancellationToken)
    {
        var secret = await dapr.GetSecretAsync(DaprComponents.SecretStore, name, cancellationToken: cancellationToken);
        return secret.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new InvalidOperationException($"Secret '{name}' has no value under the key '{name}'.");
    }
}
