using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Growbin.Auth.RateLimiting;

/// <summary>
/// Refreshes and logouts per token family: a fixed window of <see cref="RefreshRateLimitOptions.FamilyPermitLimit"/>
/// per <see cref="RefreshRateLimitOptions.FamilyWindow"/>, in this replica's memory (so with n replicas a family gets
/// at most n times the limit). Only families that exist reach it, and an idle partition is dropped once its window
/// has passed, so memory follows the families in use.
/// </summary>
public sealed class FamilyRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly TimeSpan _window;

    public FamilyRateLimiter(IOptions<RefreshRateLimitOptions> options)
    {
        var settings = options.Value;
        _window = settings.FamilyWindow;
        _limiter = PartitionedRateLimiter.Create<string, string>(family => RateLimitPartition.GetFixedWindowLimiter(family,
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = settings.FamilyPermitLimit,
                Window = settings.FamilyWindow,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>Takes one permit for <paramref name="family"/>: null when granted, else how long until one is free.</summary>
    public TimeSpan? TryAcquire(string family)
    {
        using var lease = _limiter.AttemptAcquire(family);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) && retryAfter > TimeSpan.Zero ? retryAfter : _window;
    }

    public void Dispose() => _limiter.Dispose();
}
