namespace Growbin.RecycleInfo;

/// <summary>
/// GET /schedule: the 관리구역 of <see cref="Region"/> matching <see cref="Area"/>, with today and the next put-out
/// window of each kind of waste computed at <see cref="Now"/> (Korea time). <see cref="HolidaysListedThrough"/> is the
/// last year whose lunar and substitute holidays are known.
/// </summary>
public sealed record ScheduleResponse(
    string Region,
    string Area,
    DateTimeOffset Now,
    int HolidaysListedThrough,
    IReadOnlyList<ScheduleAreaResponse> Areas,
    string SourceId);
