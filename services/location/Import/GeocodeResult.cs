namespace Growbin.Location.Import;

/// <summary>
/// What Kakao's address search said about one address: found (<see cref="Latitude"/>, <see cref="Longitude"/>),
/// not found, or failed with <see cref="Failure"/> (the row is skipped with it; the import goes on).
/// </summary>
public sealed record GeocodeResult(double? Latitude, double? Longitude, string? Failure)
{
    public static GeocodeResult NotFound { get; } = new(null, null, null);

    public bool IsFound => Latitude is not null && Longitude is not null;

    public bool IsNotFound => !IsFound && Failure is null;

    public static GeocodeResult Found(double latitude, double longitude) => new(latitude, longitude, null);

    public static GeocodeResult Failed(string failure) => new(null, null, failure);
}
