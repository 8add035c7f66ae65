namespace Growbin.Location.Responses;

/// <summary>Points within <see cref="RadiusMeters"/>, nearest first; <see cref="Kind"/> echoes the filter (null: every kind).</summary>
public sealed record NearbyResponse(IReadOnlyList<PointResponse> Items, int RadiusMeters, string? Kind);
