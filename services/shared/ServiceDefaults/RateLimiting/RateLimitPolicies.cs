namespace Growbin.ServiceDefaults.RateLimiting;

/// <summary>Rate-limit policy names; endpoints opt in with <c>.RequireRateLimiting(RateLimitPolicies.PerUser)</c>.</summary>
public static class RateLimitPolicies
{
    /// <summary>A token bucket per user (the token's <c>sub</c>), or per client address for anonymous calls.</summary>
    public const string PerUser = "per-user";
}
