using System.Globalization;
using System.Threading.RateLimiting;
using Growbin.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Growbin.ServiceDefaults.RateLimiting;

/// <summary>
/// Caps the streams (SSE responses, WebSockets) each user holds open at <see cref="StreamLimitOptions.MaxPerUser"/>:
/// a concurrency limiter per user, without a queue. The count lives in this replica's memory, so behind N replicas a
/// user can hold up to N × the limit; a slot is freed when its request ends, however it ends (a client abort ends it
/// too), so nothing can leak past a restart. Idle users' limiters are dropped by the partitioned limiter itself.
/// </summary>
public sealed class StreamSlots : IDisposable
{
    public static readonly string TooManyStreamsType = ProblemTypes.For("too-many-streams");

    /// <summary>The Retry-After sent with a refusal: a hint, since only the client knows when it closes a stream.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private readonly PartitionedRateLimiter<string> _limiter;

    public StreamSlots(IOptions<StreamLimitOptions> options)
    {
        MaxPerUser = options.Value.MaxPerUser;
        _limiter = PartitionedRateLimiter.Create<string, string>(userId => RateLimitPartition.GetConcurrencyLimiter(userId,
            _ => new ConcurrencyLimiterOptions { PermitLimit = MaxPerUser, QueueLimit = 0 }));
    }

    public int MaxPerUser { get; }

    /// <summary>A slot for one more stream of <paramref name="userId"/>, or null when they already hold the maximum here.</summary>
    public StreamSlot? TryAcquire(string userId)
    {
        var lease = _limiter.AttemptAcquire(userId);
        if (lease.IsAcquired)
        {
            return new StreamSlot(lease);
        }

        lease.Dispose();
        return null;
    }

    /// <summary>Streams <paramref name="userId"/> has open in this replica.</summary>
    public long OpenFor(string userId) => MaxPerUser - (_limiter.GetStatistics(userId)?.CurrentAvailablePermits ?? MaxPerUser);

    /// <summary>The 429 a stream over the limit gets, before anything is streamed or upgraded.</summary>
    public IResult Refusal(HttpContext context)
    {
        context.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            type: TooManyStreamsType,
            title: "Too many open streams",
            detail: $"You already have {MaxPerUser} streams open; close one (or let it finish) before opening another.");
    }

    public void Dispose() => _limiter.Dispose();
}
