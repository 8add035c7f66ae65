namespace Growbin.Location.Kakao;

/// <summary>Settings of the Kakao Local keyword search (configuration section <c>Kakao</c>).</summary>
public sealed class KakaoOptions
{
    public const string Section = "Kakao";

    /// <summary>The whole Kakao part of one search (every page) gives up after this; the local results are answered alone.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Places asked for at most (Kakao shows at most 45 of a search, 15 a page).</summary>
    public int MaxResults { get; set; } = 45;

    /// <summary>Search radius around the caller's position, in metres (Kakao allows 0–20,000).</summary>
    public int RadiusMeters { get; set; } = 5_000;

    /// <summary>How long a Kakao answer is reused from the state store.</summary>
    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromDays(1);
}
