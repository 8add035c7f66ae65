namespace Growbin.Location.Import;

/// <summary>One made-up collection point, in Growbin's CSV layout (<see cref="ColumnMapping.GrowbinLayout"/>).</summary>
public sealed record SyntheticPoint(
    string SourceId,
    string Name,
    string Kind,
    string Address,
    string Detail,
    string District,
    string OpeningHours,
    double Latitude,
    double Longitude);
