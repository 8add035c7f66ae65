namespace Growbin.TestSupport.Kakao;

/// <summary>
/// A place <see cref="FakeKakaoServer"/> knows, found by keyword search (every word of the query in its name, category
/// or addresses) and by category search (its <see cref="CategoryGroupCode"/>).
/// </summary>
/// <param name="Id">Kakao's place id (digits).</param>
/// <param name="Name"><c>place_name</c>.</param>
/// <param name="Latitude">Becomes <c>y</c>.</param>
/// <param name="Longitude">Becomes <c>x</c>.</param>
/// <param name="AddressName">The lot-number address (<c>address_name</c>).</param>
/// <param name="RoadAddressName">The road address (<c>road_address_name</c>; "" when there is none).</param>
/// <param name="CategoryName"><c>category_name</c>, e.g. "사회,공공기관 > 행정기관 > 주민센터".</param>
/// <param name="CategoryGroupCode"><c>category_group_code</c>, e.g. "PO3" (공공기관); "" when none.</param>
/// <param name="Phone"><c>phone</c>.</param>
public sealed record FakeKakaoPlace(
    string Id,
    string Name,
    double Latitude,
    double Longitude,
    string AddressName,
    string RoadAddressName = "",
    string CategoryName = "",
    string CategoryGroupCode = "",
    string Phone = "")
{
    /// <summary><c>place_url</c>, as Kakao builds it from the id.</summary>
    public string PlaceUrl => "http://place.map.kakao.com/" + Id;
}
