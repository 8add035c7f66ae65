namespace Growbin.Auth.RateLimiting;

/// <summary>
/// Configuration section <c>Auth:RefreshRateLimit</c>: fixed windows on refresh and logout, one per client address
/// (policy <see cref="RefreshRateLimit.PolicyName"/>) and one per token family (<see cref="FamilyRateLimiter"/>).
/// A client refreshes about once per access-token lifetime (15 min), so both leave ample room.
/// </summary>
public sealed class RefreshRateLimitOptions
{
    public const string SectionName = "Auth:RefreshRateLimit";

    /// <summary>Generous: behind a carrier's NAT many users share one address.</summary>
    public int AddressPermitLimit { get; set; } = 60;

    public TimeSpan AddressWindow { get; set; } = TimeSpan.FromMinutes(1);

    public int FamilyPermitLimit { get; set; } = 10;

    public TimeSpan FamilyWindow { get; set; } = TimeSpan.FromMinutes(15);
}
