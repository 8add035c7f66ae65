using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Growbin.Auth.RateLimiting;

/// <summary>
/// The <c>auth-refresh</c> policy: refresh and logout calls per client address, refused ones included. Past it
/// ServiceDefaults' rejection handler answers 429 ProblemDetails with Retry-After. The per-family limit needs the
/// family's record, so it is taken later, in <see cref="Tokens.TokenService"/>.
/// </summary>
public static class RefreshRateLimit
{
    public const string PolicyName = "auth-refresh";

    public static void AddPolicy(RateLimiterOptions options) =>
        options.AddPolicy(PolicyName, context =>
        {
            var settings = context.RequestServices.GetRequiredService<IOptions<RefreshRateLimitOptions>>().Value;
            // The client behind the Ingress when ServiceDefaults trusts the proxy's X-Forwarded-For, else the proxy.
            var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            return RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = settings.AddressPermitLimit,
                Window = settings.AddressWindow,
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });
}
