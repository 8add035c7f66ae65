namespace Growbin.VisionAnalyzer.Cache;

/// <summary>Configuration section <c>AiCache</c>.</summary>
public sealed class AiCacheOptions
{
    public const string SectionName = "AiCache";

    /// <summary>How long a classification is reused for the same image, model and prompt version.</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long a malformed answer is remembered, so that only the first one is retried.</summary>
    public TimeSpan MalformedMemory { get; set; } = TimeSpan.FromHours(1);
}
