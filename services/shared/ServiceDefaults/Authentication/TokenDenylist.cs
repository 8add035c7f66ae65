using System.Globalization;
using Dapr.Client;
using Growbin.Contracts;

namespace Growbin.ServiceDefaults.Authentication;

/// <summary>
/// Access tokens revoked before their expiry (logout), by <c>jti</c>, in the <c>token-denylist</c> state component:
/// auth writes, every API reads. The component's keys are shared between apps (keyPrefix name), unlike
/// <c>statestore</c>'s, and each entry expires when its token would have. A deleted account is on it too
/// (<c>account|{userId}</c>, written by userinfo when it deletes the account), so every token of that account is
/// refused at once instead of living out its 15 minutes and writing data the deletion has already erased.
/// </summary>
public sealed class TokenDenylist(DaprClient dapr)
{
    private const string KeyPrefix = "jti|";
    private const string AccountPrefix = "account|";

    /// <summary>
    /// How long a deleted account stays on the list: longer than any of its access tokens can still be valid (auth's
    /// <c>Auth:AccessTokenLifetime</c>, 15 minutes, plus clock skew), so the mark expires after the last of them.
    /// </summary>
    public static readonly TimeSpan DeletedAccountTtl = TimeSpan.FromHours(1);

    public static string AccountKeyFor(string userId) => AccountPrefix + userId;

    public Task DenyAsync(string jti, string userId, TimeSpan remaining, CancellationToken cancellationToken = default) =>
        dapr.SaveStateAsync(DaprComponents.TokenDenylist, KeyPrefix + jti, userId,
            metadata: new Dictionary<string, string>
            {
                ["ttlInSeconds"] = Math.Max(1, (long)Math.Ceiling(remaining.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
            },
            cancellationToken: cancellationToken);

    public async Task<bool> IsDeniedAsync(string jti, CancellationToken cancellationToken = default) =>
        await dapr.GetStateAsync<string?>(DaprComponents.TokenDenylist, KeyPrefix + jti, cancellationToken: cancellationToken)
            is not null;

    /// <summary>Refuses every token of <paramref name="userId"/> for <see cref="DeletedAccountTtl"/>. Safe to repeat.</summary>
    public Task DenyAccountAsync(string userId, DateTimeOffset deletedAt, CancellationToken cancellationToken = default) =>
        dapr.SaveStateAsync(DaprComponents.TokenDenylist, AccountKeyFor(userId), deletedAt,
            metadata: new Dictionary<string, string>
            {
                ["ttlInSeconds"] = ((long)DeletedAccountTtl.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            },
            cancellationToken: cancellationToken);

    /// <summary>True when the token (<paramref name="jti"/>) or its whole account (<paramref name="userId"/>) is refused.</summary>
    public async Task<bool> IsDeniedAsync(string jti, string userId, CancellationToken cancellationToken = default)
    {
        // Two independent reads, sent together.
        var token = IsDeniedAsync(jti, cancellationToken);
        var account = dapr.GetStateAsync<DateTimeOffset?>(DaprComponents.TokenDenylist, AccountKeyFor(userId), cancellationToken: cancellationToken);
        await Task.WhenAll(token, account);
        return await token || await account is not null;
    }
}
