using System.Globalization;

namespace Growbin.Location.Requests;

/// <summary>
/// Reads query-string values the API takes as text, so a bad one (<c>lat=abc</c>) is a 400 naming its field instead of
/// a binding failure. Empty values (<c>?radius=</c>) count as not given.
/// </summary>
internal static class QueryValues
{
    public static double? Coordinate(string? raw, string field, double limit, Dictionary<string, string[]> errors, bool required)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            if (required)
            {
                errors[field] = [$"{field} is required: a number from -{limit} to {limit} (degrees, WGS 84)."];
            }

            return null;
        }

        if (!double.TryParse(raw, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || !double.IsFinite(value) || value < -limit || value > limit)
        {
            errors[field] = [$"{field} must be a number from -{limit} to {limit} (degrees, WGS 84); got '{Shorten(raw)}'."];
            return null;
        }

        return value;
    }

    public static int WholeNumber(string? raw, string field, int min, int max, int fallback, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }

        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            errors[field] = [$"{field} must be a whole number from {min} to {max}; got '{Shorten(raw)}'."];
            return fallback;
        }

        return value;
    }

    // Echo enough of a bad value to recognise it, never a whole pasted document.
    private static string Shorten(string raw) => raw.Length <= 40 ? raw : raw[..40] + "…";
}
