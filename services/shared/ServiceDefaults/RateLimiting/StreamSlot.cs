using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;

namespace Growbin.ServiceDefaults.RateLimiting;

/// <summary>One open stream of a user (<see cref="StreamSlots"/>); disposing it frees the slot (twice is harmless).</summary>
public sealed class StreamSlot(RateLimitLease lease) : IDisposable
{
    public void Dispose() => lease.Dispose();

    /// <summary>
    /// <paramref name="stream"/>, holding this slot until it has been written to its end — or failed, or the client
    /// went away — for results that run after the handler has returned (server-sent events).
    /// </summary>
    public IResult Around(IResult stream) => new HeldResult(stream, this);

    private sealed class HeldResult(IResult inner, StreamSlot slot) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            try
            {
                await inner.ExecuteAsync(httpContext);
            }
            finally
            {
                slot.Dispose();
            }
        }
    }
}
