using Growbin.Location.Points;

namespace Growbin.Location.Requests;

/// <summary>GET /api/v1/locations/nearby, checked: every field in range, or the errors by field.</summary>
public sealed record NearbyRequest(double Lat, double Lng, int RadiusMeters, string? Kind, int Limit)
{
    public const int DefaultRadius = 1_000;
    public const int MaxRadius = 20_000;
    public const int DefaultLimit = 20;
    public const int MaxLimit = 50;

    public static NearbyRequest? Parse(string? lat, string? lng, string? radius, string? kind, string? limit,
        Dictionary<string, string[]> errors)
    {
        var latitude = QueryValues.Coordinate(lat, "lat", 90, errors, required: true);
        var longitude = QueryValues.Coordinate(lng, "lng", 180, errors, required: true);
        var radiusMeters = QueryValues.WholeNumber(radius, "radius", 1, MaxRadius, DefaultRadius, errors);
        var size = QueryValues.WholeNumber(limit, "limit", 1, MaxLimit, DefaultLimit, errors);
        var wanted = string.IsNullOrWhiteSpace(kind) ? null : kind.Trim();
        if (wanted is not null && !PointKinds.IsKnown(wanted))
        {
            errors["kind"] = [$"kind must be one of {string.Join(", ", PointKinds.KoreanNames.Keys)}."];
        }

        return errors.Count > 0 ? null : new NearbyRequest(latitude!.Value, longitude!.Value, radiusMeters, wanted, size);
    }
}
