using Growbin.Location.Geo;
using Growbin.Location.Kakao;
using Growbin.Location.Responses;

namespace Growbin.Location.Search;

/// <summary>
/// Local points first, in their order, then Kakao's places in Kakao's order — except a Kakao place that is obviously a
/// local point again: the same name (spaces and case ignored) within <see cref="SamePlaceMeters"/>. Kakao places get
/// their distance from the caller's exact position.
/// </summary>
public static class SearchMerger
{
    public const double SamePlaceMeters = 30;

    public static IReadOnlyList<SearchItemResponse> Merge(IReadOnlyList<PointResponse> local, IReadOnlyList<KakaoPlace> kakao,
        double? lat, double? lng)
    {
        var items = local.Select(FromPoint).ToList();
        var seenKakaoIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var place in kakao)
        {
            if (!seenKakaoIds.Add(place.Id) || local.Any(point => IsSamePlace(point, place)))
            {
                continue;
            }

            var distance = lat.HasValue && lng.HasValue ? GeoDistance.Meters(lat.Value, lng.Value, place.Lat, place.Lng) : (double?)null;
            items.Add(new SearchItemResponse(SearchItemResponse.Kakao, place.Id, null, null, place.Name, place.Address,
                place.RoadAddress, null, null, null, place.Lat, place.Lng, distance, null, place.PlaceUrl, place.Phone, place.Category));
        }

        return items;
    }

    public static bool IsSamePlace(PointResponse point, KakaoPlace place) =>
        string.Equals(Squeeze(point.Name), Squeeze(place.Name), StringComparison.OrdinalIgnoreCase)
        && GeoDistance.Meters(point.Lat, point.Lng, place.Lat, place.Lng) <= SamePlaceMeters;

    private static SearchItemResponse FromPoint(PointResponse point) => new(
        SearchItemResponse.Local, point.Id.ToString("D"), point.Kind, point.KindName, point.Name, point.Address, null,
        point.Detail, point.District, point.OpeningHours, point.Lat, point.Lng, point.DistanceMeters, point.Source, null, null, null);

    private static string Squeeze(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
}
