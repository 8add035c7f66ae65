namespace Growbin.Auth.RateLimiting;

/// <summary>Configuration section <c>Auth:LoginRateLimit</c>: a fixed window per client address on authorize and login.</summary>
public sealed class LoginRateLimitOptions
{
    public const string SectionName = "Auth:LoginRateLimit";

    public int PermitLimit { get; set; } = 10;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
