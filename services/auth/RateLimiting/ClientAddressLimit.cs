using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Growbin.Auth.RateLimiting;

/// <summary>
/// A fixed-window rate-limit policy per client address, refused calls included, with no queue. The address is the
/// client behind the Ingress when ServiceDefaults trusts the proxy's X-Forwarded-For, else the proxy. Past it
/// ServiceDefaults' rejection handler answers 429 ProblemDetails with Retry-After.
/// </summary>
public static class ClientAddressLimit
{
    public static void AddPolicy<TOptions>(RateLimiterOptions options, string policyName,
        Func<TOptions, (int PermitLimit, TimeSpan Window)> limit)
        where TOptions : class =>
        options.AddPolicy(policyName, context =>
        {
            var (permitLimit, window) = limit(context.RequestServices.GetRequiredService<IOptions<TOptions>>().Value);
            var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            return RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permitLimit,
                Window = window,
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });
}
