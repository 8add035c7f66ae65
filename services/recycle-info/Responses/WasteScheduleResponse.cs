namespace Growbin.RecycleInfo;

/// <summary>
/// One kind of waste: put-out days (mon … sun, and in Korean), the window ("20:00"–"06:00", <see cref="EndsNextDay"/>
/// when it runs past midnight; null when not published), the method, today, and the next window not yet over.
/// </summary>
public sealed record WasteScheduleResponse(
    IReadOnlyList<string> Days,
    string DaysKo,
    string? Start,
    string? End,
    bool EndsNextDay,
    string? Method,
    TodayResponse Today,
    CollectionWindowResponse? Next);

/// <summary>
/// Today: whether it is a put-out day, whether that window is collected (false with <see cref="NoCollectionReason"/>
/// when a 미수거일 rule cancels it: "토요일", "성탄절", "설날 연휴" …) and the window.
/// </summary>
public sealed record TodayResponse(string Date, bool PutOutDay, bool Collected, CollectionWindowResponse? Window, string? NoCollectionReason);

/// <summary>A window: the day it opens, start and end (+09:00; null without published times), the collection day, open at the answer's time.</summary>
public sealed record CollectionWindowResponse(string Date, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, string CollectionDate, bool Open);
