using System.Globalization;
using Growbin.Knowledge;

namespace Growbin.RecycleInfo.Schedules;

/// <summary>
/// Today's and the next put-out window of a <see cref="WasteRule"/>, in Korea's time (UTC+09:00, no daylight saving
/// since 1988). 미수거일 cancel a window whose collection day (<see cref="CollectionWindow.CollectionDate"/>) is a
/// non-collection day: a listed weekday, a fixed date, or a holiday of a kind the rule names
/// (<see cref="KoreanHolidays"/>). Notes the importer could not read are not applied.
/// </summary>
public static class CollectionCalendar
{
    public static readonly TimeSpan KoreaOffset = TimeSpan.FromHours(9);

    /// <summary>How far ahead <see cref="Next"/> looks: a week, and then some for long holidays.</summary>
    public const int LookAheadDays = 31;

    public static DateOnly Today(DateTimeOffset now) => DateOnly.FromDateTime(now.ToOffset(KoreaOffset).DateTime);

    /// <summary>The window opening on <paramref name="date"/>, if the rule puts out on that weekday.</summary>
    public static CollectionWindow? WindowOn(WasteRule rule, DateOnly date)
    {
        if (!rule.Days.Contains(IsoDay(date)))
        {
            return null;
        }

        if (rule.Start is not { } start || rule.End is not { } end)
        {
            return new CollectionWindow(date, null, null, date);
        }

        var midnight = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), KoreaOffset);
        var pastMidnight = end <= start;
        var endsAt = midnight.AddMinutes(pastMidnight ? end + (24 * 60) : end);
        // A window ending at 24:00 is collected that night, so its collection day is still the day it opened.
        return new CollectionWindow(date, midnight.AddMinutes(start), endsAt, pastMidnight ? date.AddDays(1) : date);
    }

    /// <summary>Why nothing is collected on <paramref name="day"/>, or null when the rule collects then.</summary>
    public static string? NoCollectionReason(NonCollectionRule rule, DateOnly day)
    {
        if (rule.Weekdays.Contains(IsoDay(day)))
        {
            return $"{KoreanDayNames[IsoDay(day) - 1]}요일";
        }

        if (rule.Dates.Contains(day.ToString("MM-dd", CultureInfo.InvariantCulture)))
        {
            return $"{day.Month}월 {day.Day}일";
        }

        foreach (var holiday in KoreanHolidays.On(day))
        {
            if (holiday.Kinds.Any(rule.Holidays.Contains))
            {
                return holiday.Name;
            }
        }

        return null;
    }

    /// <summary>The first window not yet over at <paramref name="now"/> (open now, or later), skipping cancelled ones.</summary>
    public static CollectionWindow? Next(WasteRule rule, NonCollectionRule skip, DateTimeOffset now)
    {
        var today = Today(now);
        // From yesterday: its window may run past midnight and still be open.
        for (var offset = -1; offset <= LookAheadDays; offset++)
        {
            if (WindowOn(rule, today.AddDays(offset)) is { } window
                && NoCollectionReason(skip, window.CollectionDate) is null
                && EndOf(window) > now)
            {
                return window;
            }
        }

        return null;
    }

    /// <summary>When a window is over: its end, or the end of its day when it has no times.</summary>
    public static DateTimeOffset EndOf(CollectionWindow window) =>
        window.EndsAt ?? new DateTimeOffset(window.Date.AddDays(1).ToDateTime(TimeOnly.MinValue), KoreaOffset);

    public static readonly string[] KoreanDayNames = ["월", "화", "수", "목", "금", "토", "일"];

    /// <summary>ISO weekday: 1 Monday … 7 Sunday.</summary>
    public static int IsoDay(DateOnly date) => date.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)date.DayOfWeek;
}
