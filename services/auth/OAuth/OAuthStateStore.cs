using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapr.Client;
using Growbin.Contracts;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Growbin.Auth.OAuth;

/// <summary>
/// Authorize states in the Dapr state store under <c>auth|oauth-state|{sha256 hex}</c> with a TTL, so only the client
/// ever holds the state itself. A state is consumed by an ETag-guarded delete: of two logins racing with one state,
/// exactly one gets it.
/// </summary>
public sealed class OAuthStateStore(DaprClient dapr, IOptions<OAuthOptions> options, TimeProvider time)
{
    public const string KeyPrefix = "auth|oauth-state|";

    /// <summary>A new state for a login with <paramref name="provider"/> returning to <paramref name="redirectUri"/>.</summary>
    public async Task<string> CreateAsync(string provider, string redirectUri, CancellationToken cancellationToken = default)
    {
        var state = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var ttl = Math.Max(1, (long)Math.Ceiling(options.Value.StateLifetime.TotalSeconds));
        await dapr.SaveStateAsync(DaprComponents.StateStore, Key(state),
            new OAuthStateRecord(provider, redirectUri, time.GetUtcNow()),
            metadata: new Dictionary<string, string> { ["ttlInSeconds"] = ttl.ToString(CultureInfo.InvariantCulture) },
            cancellationToken: cancellationToken);
        return state;
    }

    /// <summary>
    /// Takes the state out of the store; null when it is unknown, expired, or another request consumed it first.
    /// The caller checks what it was issued for: a state used for the wrong login is burnt all the same.
    /// </summary>
    public async Task<OAuthStateRecord?> ConsumeAsync(string state, CancellationToken cancellationToken = default)
    {
        var key = Key(state);
        var (record, etag) = await dapr.GetStateAndETagAsync<OAuthStateRecord?>(DaprComponents.StateStore, key,
            cancellationToken: cancellationToken);
        if (record is null || string.IsNullOrEmpty(etag)
            || !await dapr.TryDeleteStateAsync(DaprComponents.StateStore, key, etag, cancellationToken: cancellationToken))
        {
            return null;
        }

        // The store's TTL is the rule; this only guards against a store that keeps keys a little longer.
        return time.GetUtcNow() - record.CreatedAt <= options.Value.StateLifetime ? record : null;
    }

    private static string Key(string state) =>
        KeyPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(state)));
}
