using System.Text.RegularExpressions;

namespace Growbin.Location.Import;

/// <summary>
/// The CHECK constraints of <c>growbin.collection_points</c> (migration 0003), checked before a row is sent so a bad
/// row is skipped with a reason instead of failing its batch; and the box a point in South Korea must fall in.
/// </summary>
public static partial class PointLimits
{
    public const int SourceId = 200;
    public const int Name = 200;
    public const int Address = 300;
    public const int Detail = 500;
    public const int District = 50;
    public const int OpeningHours = 200;

    // Generous: Marado (33.11 N) to the DMZ and Dokdo (131.87 E) with margin; Ulleungdo and Jeju are inside.
    public const double MinLatitude = 33.0;
    public const double MaxLatitude = 39.0;
    public const double MinLongitude = 124.0;
    public const double MaxLongitude = 132.0;

    /// <summary>The table's CHECK on source: lower-case letters, digits and hyphens, at most 63 characters.</summary>
    public static bool IsValidSource(string source) => SourcePattern().IsMatch(source);

    /// <summary>Length as PostgreSQL's char_length counts it: code points, not UTF-16 units.</summary>
    public static int CharLength(string value) => value.EnumerateRunes().Count();

    public static bool IsInsideKorea(double latitude, double longitude) =>
        latitude is >= MinLatitude and <= MaxLatitude && longitude is >= MinLongitude and <= MaxLongitude;

    [GeneratedRegex(@"^[a-z0-9][a-z0-9-]{0,62}\z")]
    private static partial Regex SourcePattern();
}
