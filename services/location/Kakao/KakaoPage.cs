namespace Growbin.Location.Kakao;

/// <summary>One page of a Kakao keyword search; <see cref="IsEnd"/> is Kakao's <c>meta.is_end</c>.</summary>
public sealed record KakaoPage(IReadOnlyList<KakaoPlace> Places, bool IsEnd);
