namespace Growbin.LocationImport.Tests;

/// <summary>A collection_points row as a test reads it back (location as latitude and longitude).</summary>
public sealed record StoredPoint(
    string SourceId,
    string Kind,
    string Name,
    string? Address,
    string? Detail,
    string? District,
    string? OpeningHours,
    double Latitude,
    double Longitude,
    DateTime UpdatedAt);
