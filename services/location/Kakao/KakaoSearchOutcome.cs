using Growbin.Location.Responses;

namespace Growbin.Location.Kakao;

/// <summary>What one Kakao search gave: places (possibly none) and status <c>ok</c>, or no places and why not.</summary>
public sealed record KakaoSearchOutcome(IReadOnlyList<KakaoPlace> Places, string Status, string? Reason, bool Cached)
{
    public const string NotConfigured = "not-configured";
    public const string Unauthorized = "unauthorized";
    public const string RateLimited = "rate-limited";
    public const string TimedOut = "timeout";
    public const string Malformed = "malformed-response";
    public const string Failed = "error";

    public static KakaoSearchOutcome Found(IReadOnlyList<KakaoPlace> places, bool cached) =>
        new(places, ExternalSearchStatus.Ok, null, cached);

    public static KakaoSearchOutcome Unavailable(string reason) => new([], ExternalSearchStatus.Unavailable, reason, false);
}
