using System.ComponentModel.DataAnnotations;

namespace Growbin.ServiceDefaults.RateLimiting;

/// <summary>Configuration section <c>RateLimiting:Streams</c>: long-lived responses (SSE, WebSocket) one user may hold open.</summary>
public sealed class StreamLimitOptions
{
    public const string SectionName = "RateLimiting:Streams";

    /// <summary>Open streams per user in one replica; the next one is refused with 429 until one closes.</summary>
    [Range(1, 100)]
    public int MaxPerUser { get; set; } = 3;
}
