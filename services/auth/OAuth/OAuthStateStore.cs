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
/// ever holds the state itself (and its secret, stored as a hash too). A state is spent by an ETag-guarded save that
/// marks it used: of two logins racing with one state, exactly one gets it.
/// </summary>
public sealed class OAuthStateStore(DaprClient dapr, IOptions<OAuthOptions> options, TimeProvider time)
{
    public const string KeyPrefix = "auth|oauth-state|";

    /// <summary>
    /// A new state for a login with <paramref name="provider"/> returning to <paramref name="redirectUri"/>, with its
    /// client secret (not for dev) and, for a provider with PKCE, a fresh verifier kept in the record (same TTL).
    /// </summary>
    public async Task<IssuedOAuthState> CreateAsync(OAuthProvider provider, string redirectUri,
        CancellationToken cancellationToken = default)
    {
        var state = NewRandom();
        var secret = provider.IsDev ? null : NewRandom();
        var verifier = provider.UsesPkce ? Pkce.NewVerifier() : null;
        var ttl = Math.Max(1, (long)Math.Ceiling(options.Value.StateLifetime.TotalSeconds));
        await dapr.SaveStateAsync(DaprComponents.StateStore, Key(state),
            new OAuthStateRecord(provider.Name, redirectUri, time.GetUtcNow(), verifier, secret is null ? null : Hash(secret)),
            metadata: new Dictionary<string, string> { ["ttlInSeconds"] = ttl.ToString(CultureInfo.InvariantCulture) },
            cancellationToken: cancellationToken);
        return new IssuedOAuthState(state, secret, verifier is null ? null : Pkce.Challenge(verifier));
    }

    /// <summary>
    /// Spends the state when <paramref name="secret"/> is the one issued with it. A state that is unknown, expired, or
    /// spent first by another request gives no record. A wrong or missing secret leaves the state as it is
    /// (<see cref="OAuthStateClaim.WrongSecret"/>): someone who only saw the state in a redirect URL cannot spend it.
    /// The caller checks what it was issued for: a state used for the wrong login is spent all the same.
    /// </summary>
    /// <remarks>
    /// Spending is an ETag-guarded save that marks the record used (it then expires with its TTL), not a delete:
    /// contrib's Redis delete script (state/redis/redis.go delDefaultQuery) also succeeds when the key is already
    /// gone, so two logins that read the state together would both win a delete. Of two guarded saves with one ETag
    /// only one passes the version check of setDefaultQuery (same file); the loser gets an ETag mismatch (false).
    /// </remarks>
    public async Task<OAuthStateClaim> ConsumeAsync(string state, string? secret, CancellationToken cancellationToken = default)
    {
        var key = Key(state);
        var (record, etag) = await dapr.GetStateAndETagAsync<OAuthStateRecord?>(DaprComponents.StateStore, key,
            cancellationToken: cancellationToken);
        if (record is null || record.UsedAt is not null || string.IsNullOrEmpty(etag))
        {
            return new OAuthStateClaim(null, WrongSecret: false);
        }

        if (record.SecretHash is not null && !SecretMatches(record.SecretHash, secret))
        {
            return new OAuthStateClaim(null, WrongSecret: true);
        }

        // The store's TTL is the rule; this only guards against a store that keeps keys a little longer.
        var now = time.GetUtcNow();
        var left = options.Value.StateLifetime - (now - record.CreatedAt);
        if (left <= TimeSpan.Zero)
        {
            return new OAuthStateClaim(null, WrongSecret: false);
        }

        // The used mark keeps nothing worth stealing, and a TTL even if the key expired since the read (the set script
        // would create it anew).
        var used = record with { CodeVerifier = null, SecretHash = null, UsedAt = now };
        var ttl = Math.Max(1, (long)Math.Ceiling(left.TotalSeconds));
        var won = await dapr.TrySaveStateAsync(DaprComponents.StateStore, key, used, etag,
            metadata: new Dictionary<string, string> { ["ttlInSeconds"] = ttl.ToString(CultureInfo.InvariantCulture) },
            cancellationToken: cancellationToken);
        return new OAuthStateClaim(won ? record : null, WrongSecret: false);
    }

    private static bool SecretMatches(string storedHash, string? secret) =>
        secret is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(storedHash));

    private static string NewRandom() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private static string Key(string state) => KeyPrefix + Hash(state);
}
