namespace Growbin.ServiceDefaults.Quotas;

/// <summary>The answer of <see cref="DailyQuota.TryReserveAsync"/>.</summary>
/// <param name="Allowed">True when <paramref name="Reserved"/> was taken from the day's allowance.</param>
/// <param name="Day">The UTC day counted; a later settlement adjusts this day, even after midnight.</param>
/// <param name="Used">The day's use, including this reservation when allowed.</param>
/// <param name="RetryAfter">Time until the next UTC day, when the count starts again.</param>
public sealed record QuotaDecision(bool Allowed, DateOnly Day, long Used, long Limit, long Reserved, TimeSpan RetryAfter)
{
    /// <summary>Whole seconds for <c>Retry-After</c>, at least 1.</summary>
    public int RetryAfterSeconds => (int)Math.Max(1, Math.Ceiling(RetryAfter.TotalSeconds));
}
