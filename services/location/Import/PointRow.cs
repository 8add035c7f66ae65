namespace Growbin.Location.Import;

/// <summary>
/// One row of a file, mapped and checked against the table's constraints. <see cref="Latitude"/> and
/// <see cref="Longitude"/> are null until the row is geocoded.
/// </summary>
public sealed record PointRow(
    int Line,
    string SourceId,
    string Name,
    string Kind,
    string? RoadAddress,
    string? LotAddress,
    string? Detail,
    string? District,
    string? OpeningHours,
    double? Latitude,
    double? Longitude)
{
    /// <summary>What is stored as the address: the road address, or the lot address when there is none.</summary>
    public string? Address => RoadAddress ?? LotAddress;

    public bool HasCoordinates => Latitude is not null && Longitude is not null;
}
