using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Growbin.Knowledge;

namespace Growbin.ScheduleImport.Parsing;

/// <summary>
/// Reads 미수거일: a list ("토요일+공휴일", "일요일, 명절 당일", "1월1일 및 설·추석 연휴") of weekdays, public holidays
/// (공휴일, 법정공휴일 …), 설/추석 (the day, or the 연휴 period; 명절 is both), and fixed dates (1월1일, 1/1, 신정,
/// 성탄절). It never refuses a row: a part it does not understand ("공휴일(단, 일요일 제외)", "격주 토요일") is kept
/// as a note, so nothing is claimed that the text does not say.
/// </summary>
public static partial class NonCollectionParser
{
    private static readonly Dictionary<string, string[]> HolidayWords = new(StringComparer.Ordinal)
    {
        ["공휴일"] = [HolidayKinds.Public],
        ["법정공휴일"] = [HolidayKinds.Public],
        ["관공서공휴일"] = [HolidayKinds.Public],
        ["국공휴일"] = [HolidayKinds.Public],
        ["공휴일전체"] = [HolidayKinds.Public],
        ["명절"] = [HolidayKinds.Seollal, HolidayKinds.Chuseok],
        ["명절날"] = [HolidayKinds.Seollal, HolidayKinds.Chuseok],
        ["설"] = [HolidayKinds.Seollal],
        ["설날"] = [HolidayKinds.Seollal],
        ["구정"] = [HolidayKinds.Seollal],
        ["추석"] = [HolidayKinds.Chuseok],
        ["추석날"] = [HolidayKinds.Chuseok],
        ["한가위"] = [HolidayKinds.Chuseok],
    };

    private static readonly Dictionary<string, string> NamedDates = new(StringComparer.Ordinal)
    {
        ["신정"] = "01-01",
        ["새해첫날"] = "01-01",
        ["성탄절"] = "12-25",
        ["크리스마스"] = "12-25",
        ["기독탄신일"] = "12-25",
    };

    public static NonCollectionDays Parse(string? text)
    {
        var cell = string.IsNullOrWhiteSpace(text) ? null : string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (cell is null)
        {
            return NonCollectionDays.None;
        }

        var weekdays = DaySet.None;
        var holidays = new List<string>();
        var dates = new List<string>();
        var notes = new List<string>();
        var items = Split(cell);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var compact = string.Concat(item.Where(c => !char.IsWhiteSpace(c)));
            if (KoreanDays.IsNone(compact))
            {
                continue;
            }

            if (TryHoliday(compact, NextSuffix(items, i), out var kinds))
            {
                holidays.AddRange(kinds);
            }
            else if (TryDate(compact, out var date))
            {
                dates.Add(date);
            }
            else if (KoreanDays.TryToken(compact, out var days) && !days.IsEmpty)
            {
                weekdays = weekdays.Union(days);
            }
            else
            {
                notes.Add(item);
            }
        }

        return new NonCollectionDays(weekdays, holidays.Distinct().Order(StringComparer.Ordinal).ToList(),
            dates.Distinct().Order(StringComparer.Ordinal).ToList(), notes, cell);
    }

    /// <summary>"명절", "설날 당일", "추석연휴", "설·추석 연휴" …; a bare festival takes the 당일/연휴 of the item after it ("설 및 추석 연휴").</summary>
    private static bool TryHoliday(string compact, string? nextSuffix, out IEnumerable<string> kinds)
    {
        kinds = [];
        var suffix = Suffix(compact);
        var word = suffix is null ? compact : compact[..^suffix.Length];
        if (!HolidayWords.TryGetValue(word, out var found))
        {
            return false;
        }

        var festival = found.All(k => k != HolidayKinds.Public);
        if (!festival)
        {
            if (suffix is "연휴")
            {
                return false; // "공휴일 연휴" says nothing clear
            }

            kinds = found;
            return true;
        }

        var period = (suffix ?? nextSuffix) is "연휴" or "기간" or "전후";
        kinds = found.Select(k => period ? k + "-period" : k);
        return true;
    }

    private static string? NextSuffix(List<string> items, int index)
    {
        if (index + 1 >= items.Count)
        {
            return null;
        }

        var next = string.Concat(items[index + 1].Where(c => !char.IsWhiteSpace(c)));
        var suffix = Suffix(next);
        return suffix is not null && HolidayWords.ContainsKey(next[..^suffix.Length]) ? suffix : null;
    }

    private static string? Suffix(string compact)
    {
        foreach (var suffix in (string[])["당일", "연휴", "기간", "전후"])
        {
            if (compact.Length > suffix.Length && compact.EndsWith(suffix, StringComparison.Ordinal))
            {
                return suffix;
            }
        }

        return null;
    }

    /// <summary>"1월1일", "1월 1일", "1/1", "1.1", "01-01", "신정", "성탄절" → "MM-DD"; an impossible date (2월30일) is not one.</summary>
    private static bool TryDate(string compact, out string date)
    {
        date = "";
        if (NamedDates.TryGetValue(compact, out var named))
        {
            date = named;
            return true;
        }

        var match = MonthDay().Match(compact);
        if (!match.Success)
        {
            return false;
        }

        var month = int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture);
        var day = int.Parse(match.Groups["d"].Value, CultureInfo.InvariantCulture);
        // 2024 is a leap year, so 2월29일 is a date.
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(2024, month))
        {
            return false;
        }

        date = string.Create(CultureInfo.InvariantCulture, $"{month:00}-{day:00}");
        return true;
    }

    /// <summary>Splits on + , ; · / 、 & and 및, never inside parentheses (a note such as "공휴일(단, 일요일 제외)" stays whole).</summary>
    private static List<string> Split(string cell)
    {
        var items = new List<string>();
        var item = new StringBuilder();
        var depth = 0;
        for (var i = 0; i < cell.Length; i++)
        {
            var c = cell[i];
            if (c is '(' or '[' or '（')
            {
                depth++;
            }
            else if (c is ')' or ']' or '）')
            {
                depth = Math.Max(0, depth - 1);
            }

            var separator = depth == 0 && c is '+' or ',' or '，' or ';' or '·' or 'ㆍ' or '/' or '、' or '&' or '및';
            // "1/1" is a date, not two items.
            if (c == '/' && i > 0 && char.IsAsciiDigit(cell[i - 1]) && i + 1 < cell.Length && char.IsAsciiDigit(cell[i + 1]))
            {
                separator = false;
            }

            if (separator)
            {
                Add(items, item);
            }
            else
            {
                item.Append(c);
            }
        }

        Add(items, item);
        return items;
    }

    private static void Add(List<string> items, StringBuilder item)
    {
        var text = item.ToString().Trim();
        if (text.Length > 0)
        {
            items.Add(text);
        }

        item.Clear();
    }

    [GeneratedRegex(@"^(?:매년)?(?:(?<m>\d{1,2})월(?<d>\d{1,2})일(?:당일)?|(?<m>\d{1,2})[./-](?<d>\d{1,2})\.?)$")]
    private static partial Regex MonthDay();
}
