namespace Growbin.Location.Kakao;

/// <summary>A place from Kakao Local keyword search, as cached (Kakao's strings x/y already read as numbers).</summary>
public sealed record KakaoPlace(
    string Id,
    string Name,
    string? Address,
    string? RoadAddress,
    string? Phone,
    string? Category,
    double Lat,
    double Lng,
    string? PlaceUrl);
