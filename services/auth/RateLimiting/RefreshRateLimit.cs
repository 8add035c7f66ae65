using Microsoft.AspNetCore.RateLimiting;

namespace Growbin.Auth.RateLimiting;

/// <summary>
/// The <c>auth-refresh</c> policy: refresh and logout calls per client address (<see cref="ClientAddressLimit"/>).
/// The per-family limit needs the family's record, so it is taken later, in <see cref="Tokens.TokenService"/>.
/// </summary>
public static class RefreshRateLimit
{
    public const string PolicyName = "auth-refresh";

    public static void AddPolicy(RateLimiterOptions options) =>
        ClientAddressLimit.AddPolicy<RefreshRateLimitOptions>(options, PolicyName, s => (s.AddressPermitLimit, s.AddressWindow));
}
