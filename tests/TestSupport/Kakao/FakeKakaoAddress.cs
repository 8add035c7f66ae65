namespace Growbin.TestSupport.Kakao;

/// <summary>
/// An address <see cref="FakeKakaoServer"/> geocodes (<c>/v2/local/search/address.json</c>). A query matches when,
/// spaces ignored, it is part of the road or the lot-number address. The region names are the address's first words
/// (시/도, 시/군/구, 동).
/// </summary>
/// <param name="RoadAddressName">e.g. "서울 마포구 월드컵로 212" (null when the place has none).</param>
/// <param name="JibunAddressName">e.g. "서울 마포구 성산동 515" (null when unknown).</param>
/// <param name="Latitude">Becomes <c>y</c>.</param>
/// <param name="Longitude">Becomes <c>x</c>.</param>
public sealed record FakeKakaoAddress(string? RoadAddressName, string? JibunAddressName, double Latitude, double Longitude);
