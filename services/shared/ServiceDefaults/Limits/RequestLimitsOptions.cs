namespace Growbin.ServiceDefaults.Limits;

/// <summary>
/// Configuration section <c>RequestLimits</c>: how much a client may send, how slowly, and for how long. Kestrel's
/// defaults (30 MB bodies, 240 B/s) let one client hold a 30 MB body or a connection for minutes.
/// </summary>
public sealed class RequestLimitsOptions
{
    public const string SectionName = "RequestLimits";

    /// <summary>
    /// Every request body unless its endpoint sets its own (waste-api's upload). The largest JSON body a client
    /// sends is a chat message: 2,000 characters, at most 12 KB even with every character escaped as <c>\uXXXX</c>.
    /// </summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Bodies on sidecar-only routes (pub/sub deliveries, actor, workflow and binding calls): the sidecar's own default
    /// limit, 4 MiB (daprd <c>--max-body-size</c>), so whatever the sidecar accepted reaches the app.
    /// </summary>
    public long SidecarMaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>The whole request on a public route, unless its endpoint names another policy.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Policy <see cref="RequestTimeoutPolicies.Upload"/>: a 10 MiB photo at ~35 KB/s (a weak mobile link).</summary>
    public TimeSpan UploadTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Policy <see cref="RequestTimeoutPolicies.Streaming"/>: SSE answers and progress streams, which end on their own.</summary>
    public TimeSpan StreamingTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Below this rate (after <see cref="DataRateGracePeriod"/>) Kestrel cuts a request body off with 408.</summary>
    public double MinRequestBodyBytesPerSecond { get; set; } = 1024;

    /// <summary>Below this rate (after <see cref="DataRateGracePeriod"/>) Kestrel aborts a response the client does not read.</summary>
    public double MinResponseBytesPerSecond { get; set; } = 1024;

    /// <summary>How long a transfer may run below its minimum rate before it is cut off; must be over 1 s (Kestrel's heartbeat).</summary>
    public TimeSpan DataRateGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time to receive the request line and headers (Kestrel's default is 30 s).</summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
