namespace Growbin.Location.Responses;

/// <summary>
/// One search result. <see cref="Origin"/> <c>local</c>: a collection point (<see cref="Id"/> is its uuid, usable with
/// GET /api/v1/locations/{id}; kind and the point's fields are set). <c>kakao</c>: a Kakao Local place (<see cref="Id"/>
/// is Kakao's id; <see cref="PlaceUrl"/>, <see cref="Phone"/>, <see cref="Category"/> and <see cref="RoadAddress"/>
/// come from Kakao; kind is null).
/// </summary>
public sealed record SearchItemResponse(
    string Origin,
    string Id,
    string? Kind,
    string? KindName,
    string Name,
    string? Address,
    string? RoadAddress,
    string? Detail,
    string? District,
    string? OpeningHours,
    double Lat,
    double Lng,
    double? DistanceMeters,
    string? Source,
    string? PlaceUrl,
    string? Phone,
    string? Category)
{
    public const string Local = "local";
    public const string Kakao = "kakao";
}
