using Microsoft.AspNetCore.RateLimiting;

namespace Growbin.Auth.RateLimiting;

/// <summary>
/// The <c>auth-login</c> policy: authorize and login calls per client address (<see cref="ClientAddressLimit"/>),
/// whether signed in or not (nobody is, yet).
/// </summary>
public static class LoginRateLimit
{
    public const string PolicyName = "auth-login";

    public static void AddPolicy(RateLimiterOptions options) =>
        ClientAddressLimit.AddPolicy<LoginRateLimitOptions>(options, PolicyName, s => (s.PermitLimit, s.Window));
}
