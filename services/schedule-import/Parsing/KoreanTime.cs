using System.Globalization;
using System.Text.RegularExpressions;

namespace Growbin.ScheduleImport.Parsing;

/// <summary>
/// A time of day as the dataset writes it: "18:00", "18:00:00", "6:30", "18.30", "1800", "600", "18", "18시",
/// "18시 30분", "오후 6시", "자정", "정오", with an optional "익일"/"다음날" before an end. Minutes after midnight;
/// an end may be 24:00 (1440), and an end of 00:00 is read as 24:00, the end of the day.
/// </summary>
public static partial class KoreanTime
{
    public const int MinutesPerDay = 24 * 60;

    /// <summary>A start: 00:00–23:59.</summary>
    public static bool TryParseStart(string text, out int minutes, out string? reason) => TryParse(text, end: false, out minutes, out reason);

    /// <summary>An end: 00:01–24:00 (00:00 is 24:00).</summary>
    public static bool TryParseEnd(string text, out int minutes, out string? reason) => TryParse(text, end: true, out minutes, out reason);

    /// <summary>"18:00", or "24:00" for the end of the day.</summary>
    public static string Format(int minutes) =>
        string.Create(CultureInfo.InvariantCulture, $"{minutes / 60:00}:{minutes % 60:00}");

    private static bool TryParse(string text, bool end, out int minutes, out string? reason)
    {
        minutes = 0;
        reason = null;
        var compact = string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        foreach (var prefix in (string[])["익일", "다음날", "翌日"])
        {
            if (end && compact.StartsWith(prefix, StringComparison.Ordinal))
            {
                compact = compact[prefix.Length..].TrimStart(')', ':');
            }
        }

        int hour, minute = 0;
        if (compact == "자정")
        {
            hour = end ? 24 : 0;
        }
        else if (compact == "정오")
        {
            hour = 12;
        }
        else if (!TryClock(compact, out hour, out minute))
        {
            reason = $"'{text}' is not a time (use 18:00, 1800, 18시 or 18시 30분)";
            return false;
        }

        if (minute > 59 || hour > 24 || (hour == 24 && minute != 0))
        {
            reason = $"'{text}' is not a time of day (00:00–24:00)";
            return false;
        }

        minutes = hour * 60 + minute;
        if (!end && minutes == MinutesPerDay)
        {
            reason = $"'{text}' cannot start a window: 24:00 is the end of a day (a start is 00:00–23:59)";
            return false;
        }

        if (end && minutes == 0)
        {
            minutes = MinutesPerDay;
        }

        return true;
    }

    private static bool TryClock(string compact, out int hour, out int minute)
    {
        hour = minute = 0;
        var meridiem = 0; // 1 오전, 2 오후
        if (compact.StartsWith("오전", StringComparison.Ordinal))
        {
            meridiem = 1;
            compact = compact[2..];
        }
        else if (compact.StartsWith("오후", StringComparison.Ordinal))
        {
            meridiem = 2;
            compact = compact[2..];
        }

        var match = Clock().Match(compact);
        if (!match.Success)
        {
            return false;
        }

        if (match.Groups["hhmm"].Success)
        {
            var digits = match.Groups["hhmm"].Value;
            hour = int.Parse(digits[..^2], CultureInfo.InvariantCulture);
            minute = int.Parse(digits[^2..], CultureInfo.InvariantCulture);
        }
        else
        {
            hour = int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture);
            minute = match.Groups["m"].Success ? int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
        }

        if (meridiem != 0)
        {
            // 오전/오후 go with a 12-hour clock: 오후 6시 is 18:00, 오전 12시 is midnight, 오후 12시 noon.
            if (hour is < 1 or > 12)
            {
                return false;
            }

            hour = meridiem == 2 ? (hour == 12 ? 12 : hour + 12) : (hour == 12 ? 0 : hour);
        }

        return true;
    }

    // 18:00, 18:00:00, 6.30; 18시, 18시30분; 1800, 600 (HHMM, HMM); 18 (an hour).
    [GeneratedRegex(@"^(?:(?<h>\d{1,2})[:.](?<m>\d{2})(?::00)?|(?<h>\d{1,2})시(?:(?<m>\d{1,2})분)?|(?<hhmm>\d{3,4})|(?<h>\d{1,2}))$")]
    private static partial Regex Clock();
}
