using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Growbin.Auth.RateLimiting;

/// <summary>
/// The <c>auth-login</c> policy: authorize and login calls per client address, whether signed in or not (nobody is,
/// yet). ServiceDefaults' rejection handler answers 429 ProblemDetails with Retry-After.
/// </summary>
public static class LoginRateLimit
{
    public const string PolicyName = "auth-login";

    public static void AddPolicy(RateLimiterOptions options) =>
        options.AddPolicy(PolicyName, context =>
        {
            var settings = context.RequestServices.GetRequiredService<IOptions<LoginRateLimitOptions>>().Value;
            // The client behind the Ingress when ServiceDefaults trusts the proxy's X-Forwarded-For, else the proxy.
            var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            return RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = settings.PermitLimit,
                Window = settings.Window,
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });
}
