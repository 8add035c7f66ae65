using System.Diagnostics.CodeAnalysis;

namespace Growbin.Knowledge;

/// <summary>
/// A 시·도 with an optional 시·군·구, as the profile's region and the public data name them: "서울특별시",
/// "서울특별시 마포구", "경기도 성남시 분당구". Short forms a person types ("서울", "서울시 마포구", "경기 성남시")
/// are read as the full 시·도 name.
/// </summary>
public sealed record RegionName(string Sido, string? Sigungu)
{
    /// <summary>The 17 시·도 with the short forms people write, and the English name.</summary>
    private static readonly (string Sido, string En, string[] Short)[] Provinces =
    [
        ("서울특별시", "Seoul", ["서울", "서울시"]),
        ("부산광역시", "Busan", ["부산", "부산시"]),
        ("대구광역시", "Daegu", ["대구", "대구시"]),
        ("인천광역시", "Incheon", ["인천", "인천시"]),
        ("광주광역시", "Gwangju", ["광주시"]),
        ("대전광역시", "Daejeon", ["대전", "대전시"]),
        ("울산광역시", "Ulsan", ["울산", "울산시"]),
        ("세종특별자치시", "Sejong", ["세종", "세종시"]),
        ("경기도", "Gyeonggi", ["경기"]),
        ("강원특별자치도", "Gangwon", ["강원", "강원도"]),
        ("충청북도", "Chungbuk", ["충북"]),
        ("충청남도", "Chungnam", ["충남"]),
        ("전북특별자치도", "Jeonbuk", ["전북", "전라북도"]),
        ("전라남도", "Jeonnam", ["전남"]),
        ("경상북도", "Gyeongbuk", ["경북"]),
        ("경상남도", "Gyeongnam", ["경남"]),
        ("제주특별자치도", "Jeju", ["제주", "제주도"]),
    ];

    /// <summary>The full names of the 17 시·도.</summary>
    public static IEnumerable<string> SidoNames => Provinces.Select(p => p.Sido);

    /// <summary>The 시·도 of a 시·도 name, a short form or an English name ("Seoul"), or null.</summary>
    public static string? SidoOf(string name)
    {
        var trimmed = name.Trim();
        foreach (var (sido, en, shorts) in Provinces)
        {
            if (trimmed == sido || shorts.Contains(trimmed) || string.Equals(trimmed, en, StringComparison.OrdinalIgnoreCase))
            {
                return sido;
            }
        }

        return null;
    }

    /// <summary>The English name of a 시·도 ("Seoul"), or the Korean name when it has none.</summary>
    public static string EnglishSido(string sido) => Provinces.FirstOrDefault(p => p.Sido == sido).En ?? sido;

    /// <summary>Reads "서울특별시 마포구" (or "서울 마포구", "Seoul"); false when the first word is no 시·도.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out RegionName? region)
    {
        region = null;
        var words = KoreanText.ComposeHangul(text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0 || SidoOf(words[0]) is not { } sido)
        {
            return false;
        }

        region = new RegionName(sido, words.Length > 1 ? string.Join(' ', words[1..]) : null);
        return true;
    }

    /// <summary>"서울특별시 마포구" or "서울특별시".</summary>
    public override string ToString() => Sigungu is null ? Sido : $"{Sido} {Sigungu}";
}
