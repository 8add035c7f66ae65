namespace Growbin.Location.Geo;

/// <summary>
/// Great-circle distance on a sphere of the mean Earth radius — for Kakao places, which come without our distance,
/// and for spotting the same place twice. Within 0.5 % of PostGIS's spheroid distance, plenty for both.
/// </summary>
public static class GeoDistance
{
    public const double EarthRadiusMeters = 6_371_008.8;

    public static double Meters(double lat1, double lng1, double lat2, double lng2)
    {
        var dLat = Radians(lat2 - lat1);
        var dLng = Radians(lng2 - lng1);
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2)
            + Math.Cos(Radians(lat1)) * Math.Cos(Radians(lat2)) * Math.Sin(dLng / 2) * Math.Sin(dLng / 2);
        return 2 * EarthRadiusMeters * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }

    private static double Radians(double degrees) => degrees * Math.PI / 180;
}
