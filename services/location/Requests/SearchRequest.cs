namespace Growbin.Location.Requests;

/// <summary>GET /api/v1/locations/search, checked. <see cref="Lat"/> and <see cref="Lng"/> are both set or both null.</summary>
public sealed record SearchRequest(string Query, double? Lat, double? Lng)
{
    public const int MaxQueryLength = 100;

    public bool HasPosition => Lat.HasValue && Lng.HasValue;

    public static SearchRequest? Parse(string? query, string? lat, string? lng, Dictionary<string, string[]> errors)
    {
        // Trimmed, runs of whitespace made one space: "마포  구청 " and "마포 구청" are the same search (and cache entry).
        var text = string.Join(' ', (query ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (text.Length == 0)
        {
            errors["query"] = ["query is required: 1 to 100 characters."];
        }
        else if (text.Length > MaxQueryLength)
        {
            errors["query"] = [$"query must be at most {MaxQueryLength} characters; got {text.Length}."];
        }
        else if (text.Any(c => char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format))
        {
            errors["query"] = ["query must not contain control or invisible formatting characters."];
        }

        var latitude = QueryValues.Coordinate(lat, "lat", 90, errors, required: false);
        var longitude = QueryValues.Coordinate(lng, "lng", 180, errors, required: false);
        var latGiven = !string.IsNullOrWhiteSpace(lat);
        var lngGiven = !string.IsNullOrWhiteSpace(lng);
        if (latGiven != lngGiven)
        {
            errors[latGiven ? "lng" : "lat"] = ["lat and lng go together: give both or neither."];
        }

        return errors.Count > 0 ? null : new SearchRequest(text, latitude, longitude);
    }
}
