namespace Growbin.ScheduleImport.Parsing;

/// <summary>
/// Weekday words as the dataset writes them: "월", "월요일", "월욜", lists ("월+수+금", "월,수,금", "월·수·금",
/// "월 수 금", "월수금"), ranges ("월~금", "월-금요일", "금~월" wrapping past Sunday), "매일", "평일", "주말". Liberal in
/// how the days are separated, strict in what they are: a word that is none of these is refused, so a row never
/// imports with days it does not have.
/// </summary>
public static class KoreanDays
{
    /// <summary>"월" … "일", Monday first (ISO order).</summary>
    public static readonly string[] Names = ["월", "화", "수", "목", "금", "토", "일"];

    private static readonly char[] Separators = ['+', ',', '，', '、', '·', 'ㆍ', '/', ';', '&'];

    private static readonly char[] RangeMarks = ['~', '∼', '〜', '-', '–', '—'];

    /// <summary>The days of a day-list cell; empty text (or "없음") is no days.</summary>
    public static bool TryParse(string? text, out DaySet days, out string? reason)
    {
        days = DaySet.None;
        reason = null;
        var normalized = Normalize(text);
        if (normalized.Length == 0 || IsNone(normalized))
        {
            return true;
        }

        foreach (var token in Tokens(normalized))
        {
            if (!TryToken(token, out var tokenDays))
            {
                reason = $"'{token}' is not a day (use 월 … 일, 매일, 평일, 주말, ranges such as 월~금 and lists such as 월+수+금)";
                days = DaySet.None;
                return false;
            }

            days = days.Union(tokenDays);
        }

        return true;
    }

    /// <summary>One word of a list: a day, a run of days ("월수금"), a range, or 매일/평일/주말.</summary>
    public static bool TryToken(string token, out DaySet days)
    {
        days = DaySet.None;
        token = token.StartsWith("매주", StringComparison.Ordinal) ? token[2..] : token;
        switch (token)
        {
            case "매일" or "날마다":
                days = DaySet.Every;
                return true;
            case "평일" or "주중":
                days = DaySet.Weekdays;
                return true;
            case "주말":
                days = DaySet.Weekend;
                return true;
        }

        var range = token.IndexOfAny(RangeMarks);
        if (range > 0)
        {
            if (TrySingle(token[..range], out var first) && TrySingle(token[(range + 1)..], out var last))
            {
                days = DaySet.Range(first, last);
                return true;
            }

            return false;
        }

        // A day or a run of days written together: "월", "월요일", "월수금", "월요일수요일".
        var rest = token.AsSpan();
        while (!rest.IsEmpty)
        {
            var day = Array.IndexOf(Names, rest[0].ToString()) + 1;
            if (day == 0)
            {
                days = DaySet.None;
                return false;
            }

            days = days.With(day);
            rest = rest[1..];
            if (rest.StartsWith("요일"))
            {
                rest = rest[2..];
            }
            else if (rest.StartsWith("욜"))
            {
                rest = rest[1..];
            }
        }

        return true;
    }

    /// <summary>Exactly one day ("화", "화요일", "화욜"), as an ISO weekday.</summary>
    public static bool TrySingle(string token, out int isoDay)
    {
        isoDay = 0;
        if (token.Length is < 1 or > 3)
        {
            return false;
        }

        var day = Array.IndexOf(Names, token[..1]) + 1;
        var suffix = token[1..];
        if (day == 0 || suffix is not ("" or "요일" or "욜"))
        {
            return false;
        }

        isoDay = day;
        return true;
    }

    internal static bool IsNone(string normalized) => normalized is "없음" or "해당없음" or "-" or "—" or "미수거" or "수거안함";

    /// <summary>Spaces around range marks and separators removed, other runs of spaces made separators.</summary>
    internal static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var builder = new System.Text.StringBuilder();
        for (var i = 0; i < words.Length; i++)
        {
            var word = words[i];
            if (builder.Length > 0)
            {
                var previous = builder[^1];
                var glued = RangeMarks.Contains(previous) || Separators.Contains(previous)
                    || RangeMarks.Contains(word[0]) || Separators.Contains(word[0]);
                builder.Append(glued ? "" : "+");
            }

            builder.Append(word);
        }

        return builder.ToString();
    }

    private static IEnumerable<string> Tokens(string normalized)
    {
        foreach (var part in normalized.Split(Separators, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var token in part.Split("및", StringSplitOptions.RemoveEmptyEntries))
            {
                yield return token;
            }
        }
    }
}
