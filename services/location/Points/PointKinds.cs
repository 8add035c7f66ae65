namespace Growbin.Location.Points;

/// <summary>
/// The kinds of collection point (column <c>growbin.collection_points.kind</c>, whose CHECK lists the same ids):
/// a stable English id for the API and the Korean name people search for.
/// </summary>
public static class PointKinds
{
    public const string ClothingBin = "clothing-bin";
    public const string BatteryLamp = "battery-lamp";
    public const string Medicine = "medicine";
    public const string PetVending = "pet-vending";
    public const string RecyclingStation = "recycling-station";
    public const string CommunityCentre = "community-centre";

    /// <summary>Every kind with its Korean name, in the order the API lists them.</summary>
    public static IReadOnlyDictionary<string, string> KoreanNames { get; } = new Dictionary<string, string>
    {
        [ClothingBin] = "의류수거함",
        [BatteryLamp] = "폐건전지·폐형광등 수거함",
        [Medicine] = "폐의약품 수거함",
        [PetVending] = "투명페트병 무인회수기",
        [RecyclingStation] = "재활용 정거장",
        [CommunityCentre] = "주민센터",
    };

    public static bool IsKnown(string? kind) => kind is not null && KoreanNames.ContainsKey(kind);
}
