namespace Growbin.Location.Responses;

/// <summary>A collection point from the database. <see cref="DistanceMeters"/> is null when no position was given.</summary>
public sealed record PointResponse(
    Guid Id,
    string Kind,
    string KindName,
    string Name,
    string? Address,
    string? Detail,
    string? District,
    string? OpeningHours,
    double Lat,
    double Lng,
    double? DistanceMeters,
    string Source);
