namespace Growbin.ServiceDefaults.RateLimiting;

/// <summary>Configuration section <c>RateLimiting:PerUser</c>: a token bucket per user.</summary>
public sealed class PerUserRateLimitOptions
{
    public const string SectionName = "RateLimiting:PerUser";

    public int TokenLimit { get; set; } = 30;

    public int TokensPerPeriod { get; set; } = 10;

    public TimeSpan ReplenishmentPeriod { get; set; } = TimeSpan.FromSeconds(10);
}
