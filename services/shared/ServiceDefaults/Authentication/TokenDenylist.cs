using System.Globalization;
using Dapr.Client;
using Growbin.Contracts;

namespace Growbin.ServiceDefaults.Authentication;

/// <summary>
/// Access tokens revoked before their expiry (logout), by <c>jti</c>, in the <c>token-denylist</c> state component:
/// auth writes, every API reads. The component's keys are shared between apps (keyPrefix name), unlike
/// <c>statestore</c>'s, and each entry expires when its token would have.
/// </summary>
public sealed class TokenDenylist(DaprClient dapr)
{
    private const string KeyPrefix = "jti|";

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
}
