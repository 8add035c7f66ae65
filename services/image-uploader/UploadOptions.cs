using System.ComponentModel.DataAnnotations;

namespace Growbin.ImageUploader;

/// <summary>Configuration section <c>Upload</c>: what the <c>upload</c> activity accepts and what it produces.</summary>
public sealed class UploadOptions
{
    public const string SectionName = "Upload";

    /// <summary>Largest raw upload accepted, in bytes (10 MiB).</summary>
    [Range(1, int.MaxValue)]
    public int MaxBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>
    /// Largest width × height accepted, read from the header before any pixel is decoded: a decompression bomb
    /// (a tiny file declaring a huge canvas) is refused without allocating it. 40 MP covers any phone camera.
    /// </summary>
    [Range(1, long.MaxValue)]
    public long MaxPixels { get; set; } = 40_000_000;

    /// <summary>Longest side of the stored image; smaller images are never upscaled.</summary>
    [Range(16, 8192)]
    public int MaxSide { get; set; } = 1024;

    [Range(1, 100)]
    public int JpegQuality { get; set; } = 85;

    /// <summary>
    /// Decodes running at once per replica. A 40 MP image decodes to ~160 MB of pixels; the pod has 512 Mi, so more
    /// calls wait instead of running out of memory together.
    /// </summary>
    [Range(1, 64)]
    public int MaxConcurrentDecodes { get; set; } = 2;

    /// <summary>How long a stored result answers a redelivered call (the raw upload is purged after the same 24 h).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan ResultTtl { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long an upload waits for the image's lock while task-scheduler's purge holds it (milliseconds, normally).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan ImageLockWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the image's lock is held at most if the upload dies holding it; storing one image takes far less.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ImageLockExpiry { get; set; } = TimeSpan.FromSeconds(30);
}
