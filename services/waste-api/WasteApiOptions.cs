namespace Growbin.WasteApi;

/// <summary>Limits and timings of waste-api (config section <c>Waste</c>).</summary>
public sealed class WasteApiOptions
{
    public const string SectionName = "Waste";

    /// <summary>The largest upload accepted (ARCHITECTURE §7: 10 MiB).</summary>
    public long MaxImageBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>
    /// The whole analyze request: the photo, the question and the multipart framing (10.5 MiB). Kestrel stops reading
    /// at this size; every other route takes 64 KiB (ServiceDefaults <c>RequestLimits</c>).
    /// </summary>
    public long MaxRequestBytes { get; set; } = (10 * 1024 * 1024) + (512 * 1024);

    /// <summary>The most pixels an upload may declare; above it the file is refused before anything decodes it.</summary>
    public long MaxImagePixels { get; set; } = 40_000_000;

    public int MaxQuestionLength { get; set; } = 500;

    /// <summary>The form's <c>region</c>, as userinfo's profile region allows.</summary>
    public const int MaxRegionLength = 50;

    public int MaxIdempotencyKeyLength { get; set; } = 100;

    /// <summary>How long an Idempotency-Key keeps answering with the scan it started.</summary>
    public TimeSpan IdempotencyTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often the events stream looks at the scan's progress.</summary>
    public TimeSpan EventsPollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The events stream closes after this long even if the scan has not finished (the client reconnects or polls).</summary>
    public TimeSpan EventsMaxDuration { get; set; } = TimeSpan.FromMinutes(5);
}
