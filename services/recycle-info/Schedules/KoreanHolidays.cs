using Growbin.Knowledge;

namespace Growbin.RecycleInfo.Schedules;

/// <summary>
/// Korean public holidays (관공서의 공휴일에 관한 규정) for 미수거일 rules. The fixed-date ones (신정, 삼일절, 어린이날,
/// 현충일, 광복절, 개천절, 한글날, 성탄절) for every year; the lunar ones (설날 and 추석 with the days either side,
/// 부처님오신날), substitute holidays and election days only for <see cref="FirstListedYear"/>–<see cref="LastListedYear"/>,
/// from 한국천문연구원's 월력요항. Outside those years a date is only checked against the fixed-date holidays;
/// temporary holidays the government declares later (임시공휴일) are not known.
/// </summary>
public static class KoreanHolidays
{
    public const int FirstListedYear = 2025;
    public const int LastListedYear = 2027;

    private static readonly (int Month, int Day, string Name)[] Fixed =
    [
        (1, 1, "신정"), (3, 1, "삼일절"), (5, 5, "어린이날"), (6, 6, "현충일"), (8, 15, "광복절"), (10, 3, "개천절"),
        (10, 9, "한글날"), (12, 25, "성탄절"),
    ];

    /// <summary>The lunar holidays, substitute holidays and election days of the listed years.</summary>
    private static readonly Dictionary<DateOnly, Holiday> Listed = BuildListed();

    /// <summary>The holidays on <paramref name="date"/> (several when two fall together, e.g. 어린이날 and 부처님오신날 in 2025).</summary>
    public static IReadOnlyList<Holiday> On(DateOnly date)
    {
        var found = new List<Holiday>(1);
        foreach (var (month, day, name) in Fixed)
        {
            if (date.Month == month && date.Day == day)
            {
                found.Add(new Holiday(name, [HolidayKinds.Public]));
            }
        }

        if (Listed.TryGetValue(date, out var listed))
        {
            found.Add(listed);
        }

        return found;
    }

    /// <summary>Whether the lunar and substitute holidays of <paramref name="year"/> are known.</summary>
    public static bool IsListed(int year) => year is >= FirstListedYear and <= LastListedYear;

    private static Dictionary<DateOnly, Holiday> BuildListed()
    {
        var days = new Dictionary<DateOnly, Holiday>();
        void Festival(string name, string day, string period, DateOnly date)
        {
            days[date.AddDays(-1)] = new Holiday($"{name} 연휴", [HolidayKinds.Public, period]);
            days[date] = new Holiday(name, [HolidayKinds.Public, day, period]);
            days[date.AddDays(1)] = new Holiday($"{name} 연휴", [HolidayKinds.Public, period]);
        }

        void Public(string name, DateOnly date) => days[date] = new Holiday(name, [HolidayKinds.Public]);

        // 2025 (월력요항 2025): 설날 1월 29일, 부처님오신날 5월 5일 (어린이날과 겹쳐 5월 6일 대체), 추석 10월 6일
        // (연휴 첫날이 일요일이라 10월 8일 대체), 삼일절 토요일 → 3월 3일 대체.
        Festival("설날", HolidayKinds.Seollal, HolidayKinds.SeollalPeriod, new DateOnly(2025, 1, 29));
        Public("부처님오신날", new DateOnly(2025, 5, 5));
        Public("대체공휴일", new DateOnly(2025, 5, 6));
        Public("대체공휴일", new DateOnly(2025, 3, 3));
        Festival("추석", HolidayKinds.Chuseok, HolidayKinds.ChuseokPeriod, new DateOnly(2025, 10, 6));
        Public("대체공휴일", new DateOnly(2025, 10, 8));
        Public("제21대 대통령 선거일", new DateOnly(2025, 6, 3));

        // 2026: 설날 2월 17일, 부처님오신날 5월 24일 (일요일 → 5월 25일 대체), 추석 9월 25일; 삼일절 일요일 → 3월 2일,
        // 광복절 토요일 → 8월 17일, 개천절 토요일 → 10월 5일 대체; 6월 3일 전국동시지방선거.
        Festival("설날", HolidayKinds.Seollal, HolidayKinds.SeollalPeriod, new DateOnly(2026, 2, 17));
        Public("부처님오신날", new DateOnly(2026, 5, 24));
        Public("대체공휴일", new DateOnly(2026, 5, 25));
        Festival("추석", HolidayKinds.Chuseok, HolidayKinds.ChuseokPeriod, new DateOnly(2026, 9, 25));
        Public("대체공휴일", new DateOnly(2026, 3, 2));
        Public("대체공휴일", new DateOnly(2026, 8, 17));
        Public("대체공휴일", new DateOnly(2026, 10, 5));
        Public("전국동시지방선거일", new DateOnly(2026, 6, 3));

        // 2027: 설날 2월 7일 (일요일 → 2월 9일 대체), 부처님오신날 5월 13일, 추석 9월 15일; 광복절 일요일 → 8월 16일,
        // 개천절 일요일 → 10월 4일, 한글날 토요일 → 10월 11일, 성탄절 토요일 → 12월 27일 대체.
        Festival("설날", HolidayKinds.Seollal, HolidayKinds.SeollalPeriod, new DateOnly(2027, 2, 7));
        Public("대체공휴일", new DateOnly(2027, 2, 9));
        Public("부처님오신날", new DateOnly(2027, 5, 13));
        Festival("추석", HolidayKinds.Chuseok, HolidayKinds.ChuseokPeriod, new DateOnly(2027, 9, 15));
        Public("대체공휴일", new DateOnly(2027, 8, 16));
        Public("대체공휴일", new DateOnly(2027, 10, 4));
        Public("대체공휴일", new DateOnly(2027, 10, 11));
        Public("대체공휴일", new DateOnly(2027, 12, 27));
        return days;
    }
}

/// <summary>A holiday's name and the <see cref="HolidayKinds"/> a 미수거일 rule may name it by.</summary>
public sealed record Holiday(string Name, IReadOnlyList<string> Kinds);
