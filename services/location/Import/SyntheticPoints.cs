using System.Globalization;
using Growbin.Csv;
using Growbin.Location.Points;

namespace Growbin.Location.Import;

/// <summary>
/// Made-up collection points for local runs and benchmarks, never to be taken for real places: every name starts with
/// <see cref="NameMarker"/>, addresses are on a road that does not exist (가상로), the detail says so, and the
/// importer only accepts them into a source whose name contains <see cref="SourceMarker"/>. They are spread around a
/// few Seoul districts, all six kinds, and the same seed always gives the same points.
/// </summary>
public static class SyntheticPoints
{
    public const string NameMarker = "[합성]";
    public const string SourceMarker = "synthetic";
    public const string DemoSource = "demo-synthetic";
    public const string Detail = "합성 데이터: 실제 장소가 아닙니다 (synthetic, not a real place)";
    public const int MaxCount = 1_000_000;

    /// <summary>The header <see cref="WriteCsv"/> writes: what <see cref="ColumnMapping.GrowbinLayout"/> reads.</summary>
    public static IReadOnlyList<string> Header { get; } =
        ["source_id", "name", "kind", "address", "detail", "district", "opening_hours", "latitude", "longitude"];

    // District centres (approximate, WGS84); points fall within about 1.5 km of them.
    private static readonly (string Name, double Latitude, double Longitude)[] Districts =
    [
        ("마포구", 37.5638, 126.9084),
        ("서대문구", 37.5791, 126.9368),
        ("종로구", 37.5735, 126.9790),
        ("용산구", 37.5326, 126.9905),
        ("성동구", 37.5634, 127.0369),
        ("강남구", 37.5172, 127.0473),
        ("송파구", 37.5145, 127.1059),
        ("관악구", 37.4784, 126.9516),
    ];

    // How common each kind is in a real district, roughly: clothing bins everywhere, community centres few.
    private static readonly (string Kind, int Weight, string Hours)[] Kinds =
    [
        (PointKinds.ClothingBin, 35, "상시"),
        (PointKinds.BatteryLamp, 20, "상시"),
        (PointKinds.Medicine, 15, "평일 09:00-18:00"),
        (PointKinds.PetVending, 10, "매일 10:00-20:00"),
        (PointKinds.RecyclingStation, 10, "매주 목요일 18:00-22:00"),
        (PointKinds.CommunityCentre, 10, "평일 09:00-18:00"),
    ];

    public static bool IsMarked(string name) => name.StartsWith(NameMarker, StringComparison.Ordinal);

    public static bool IsSyntheticSource(string source) => source.Contains(SourceMarker, StringComparison.Ordinal);

    /// <summary><paramref name="count"/> points (source ids synthetic-0001, synthetic-0002, …); the first six cover every kind.</summary>
    public static IReadOnlyList<SyntheticPoint> Generate(int count, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxCount);
        var random = new SplitMix64(unchecked((ulong)seed));
        var totalWeight = Kinds.Sum(k => k.Weight);
        var numbers = new Dictionary<(string District, string Kind), int>();
        var points = new List<SyntheticPoint>(count);
        var invariant = CultureInfo.InvariantCulture;

        for (var i = 0; i < count; i++)
        {
            var (district, centreLatitude, centreLongitude) = Districts[random.NextInt(Districts.Length)];
            var kind = i < Kinds.Length ? Kinds[i] : PickWeighted(random.NextInt(totalWeight));
            var number = numbers[(district, kind.Kind)] = numbers.GetValueOrDefault((district, kind.Kind)) + 1;
            var label = PointKinds.KoreanNames[kind.Kind];

            // ±0.013° latitude ≈ ±1.4 km, ±0.016° longitude ≈ ±1.4 km at 37.5° N; six decimals (≈ 0.1 m) survive the CSV.
            var latitude = Math.Round(centreLatitude + (random.NextDouble() - 0.5) * 0.026, 6);
            var longitude = Math.Round(centreLongitude + (random.NextDouble() - 0.5) * 0.032, 6);
            var street = 1 + random.NextInt(120);

            points.Add(new SyntheticPoint(
                SourceId: string.Create(invariant, $"synthetic-{i + 1:D4}"),
                Name: string.Create(invariant, $"{NameMarker} {district} {label} {number:D2}"),
                Kind: kind.Kind,
                Address: string.Create(invariant, $"{NameMarker} 서울특별시 {district} 가상로 {street}"),
                Detail: Detail,
                District: district,
                OpeningHours: kind.Hours,
                Latitude: latitude,
                Longitude: longitude));
        }

        return points;
    }

    /// <summary>Writes <paramref name="points"/> as CSV with <see cref="Header"/>, which the importer reads without a mapping.</summary>
    public static void WriteCsv(IEnumerable<SyntheticPoint> points, TextWriter writer)
    {
        var invariant = CultureInfo.InvariantCulture;
        CsvWriter.WriteRecord(writer, Header);
        foreach (var p in points)
        {
            CsvWriter.WriteRecord(writer,
            [
                p.SourceId, p.Name, p.Kind, p.Address, p.Detail, p.District, p.OpeningHours,
                p.Latitude.ToString("R", invariant), p.Longitude.ToString("R", invariant),
            ]);
        }
    }

    private static (string Kind, int Weight, string Hours) PickWeighted(int ticket)
    {
        foreach (var kind in Kinds)
        {
            if (ticket < kind.Weight)
            {
                return kind;
            }

            ticket -= kind.Weight;
        }

        return Kinds[^1];
    }
}
