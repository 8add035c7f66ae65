using Growbin.Knowledge;
using Growbin.RecycleInfo.Schedules;
using Growbin.ServiceDefaults.Caching;
using Growbin.ServiceDefaults.Problems;
using Growbin.ServiceDefaults.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Growbin.RecycleInfo;

/// <summary>
/// Collection days and times (전국생활쓰레기배출정보표준데이터, imported by services/schedule-import): anonymous and
/// cacheable like the rest of the recycle API; since every answer reads PostgreSQL, it also goes through the per-user
/// rate limit, which partitions anonymous callers by address.
/// </summary>
public static class ScheduleApi
{
    public static readonly string ScheduleNotFound = ProblemTypes.For("schedule-not-found");

    /// <summary>The longest an answer is cached; shorter when today's or a next window changes sooner.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    public const string SourceId = "data-go-kr-waste-schedule";

    private const int MaxRegionLength = 50;
    private const int MaxAreaLength = 50;
    private const string Sejong = "세종특별자치시";

    public static IEndpointRouteBuilder MapScheduleApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup(RecycleApi.Prefix).WithTags("recycle").AllowAnonymous()
            .MapGet("/schedule", GetScheduleAsync)
            .RequireRateLimiting(RateLimitPolicies.PerUser)
            .WithName("GetCollectionSchedule")
            .WithSummary("When household, food and recyclable waste go out in an area (`region` 시·도 시·군·구, `area` a 동 or 관리구역): days, times, method, place, 미수거일, today's and the next collection (Korea time), department and data date.")
            .Produces<ScheduleResponse>(contentType: "application/json")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    private static async Task<Results<CacheableJson, ProblemHttpResult, ValidationProblem>> GetScheduleAsync(
        string? region,
        string? area,
        ScheduleStore store,
        TimeProvider time,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        RegionName? regionName = null;
        if (string.IsNullOrWhiteSpace(region) || region.Length > MaxRegionLength || !RegionName.TryParse(region, out regionName)
            || (regionName.Sigungu is null && regionName.Sido != Sejong))
        {
            errors["region"] = [$"A region is a 시·도 and its 시·군·구, at most {MaxRegionLength} characters, e.g. '서울특별시 마포구' or '경기 성남시 분당구'."];
        }

        var areaText = area is null ? "" : string.Join(' ', area.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (areaText.Length is < 2 or > MaxAreaLength || areaText.Any(c => char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format))
        {
            errors["area"] = [$"An area is a 동 or 관리구역 name of 2 to {MaxAreaLength} characters, e.g. '망원1동'."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var sido = regionName!.Sido;
        var sigungu = regionName.Sigungu ?? Sejong;
        var areas = await store.FindAsync(sido, sigungu, areaText, cancellationToken);
        if (areas.Count == 0)
        {
            var imported = await store.HasRegionAsync(sido, sigungu, cancellationToken);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                type: ScheduleNotFound,
                title: "No collection schedule found",
                detail: imported
                    ? $"No 관리구역 of {sido} {sigungu} is named or lists '{areaText}'."
                    : $"No collection schedule of {sido} {sigungu} has been imported.");
        }

        var now = time.GetUtcNow().ToOffset(CollectionCalendar.KoreaOffset);
        var changes = new List<DateTimeOffset> { new(CollectionCalendar.Today(now).AddDays(1).ToDateTime(TimeOnly.MinValue), CollectionCalendar.KoreaOffset) };
        var body = new ScheduleResponse($"{sido} {areas[0].Sigungu}", areaText, now, KoreanHolidays.LastListedYear,
            areas.Select(a => ToResponse(a, now, changes)).ToList(), SourceId);
        var maxAge = changes.Min() - now;
        return CacheableJson.Create(body, context.RequestServices,
            TimeSpan.FromSeconds(Math.Clamp(Math.Floor(maxAge.TotalSeconds), 0, MaxAge.TotalSeconds)));
    }

    private static ScheduleAreaResponse ToResponse(AreaSchedule area, DateTimeOffset now, List<DateTimeOffset> changes) => new(
        area.AreaName,
        area.TargetAreas?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [],
        area.PlaceType,
        area.Place,
        ToResponse(area.General, area.NonCollection, now, changes),
        ToResponse(area.Food, area.NonCollection, now, changes),
        ToResponse(area.Recyclable, area.NonCollection, now, changes),
        new BulkyWasteResponse(area.BulkyMethod, area.BulkyPlace),
        new NonCollectionResponse(DayIds(area.NonCollection.Weekdays), area.NonCollection.Holidays, area.NonCollection.Dates,
            area.NonCollection.Notes, area.NonCollection.Text),
        new DepartmentResponse(area.Department, area.DepartmentPhone),
        area.DataDate);

    private static WasteScheduleResponse ToResponse(WasteRule rule, NonCollectionRule skip, DateTimeOffset now, List<DateTimeOffset> changes)
    {
        var today = CollectionCalendar.Today(now);
        var todayWindow = CollectionCalendar.WindowOn(rule, today);
        var reason = todayWindow is null ? null : CollectionCalendar.NoCollectionReason(skip, todayWindow.CollectionDate);
        var next = CollectionCalendar.Next(rule, skip, now);
        if (next is not null)
        {
            // The answer changes when the next window opens (open turns true) or ends (another one is next).
            changes.Add(CollectionCalendar.EndOf(next));
            if (next.StartsAt is { } start && start > now)
            {
                changes.Add(start);
            }
        }

        return new WasteScheduleResponse(
            DayIds(rule.Days),
            string.Join('·', rule.Days.Order().Select(d => CollectionCalendar.KoreanDayNames[d - 1])),
            rule.Start is { } s ? Clock(s) : null,
            rule.End is { } e ? Clock(e) : null,
            rule.Start is not null && rule.End <= rule.Start,
            rule.Method,
            new TodayResponse(Date(today), todayWindow is not null, todayWindow is not null && reason is null,
                todayWindow is null ? null : ToResponse(todayWindow, now), reason),
            next is null ? null : ToResponse(next, now));
    }

    private static CollectionWindowResponse ToResponse(CollectionWindow window, DateTimeOffset now) => new(
        Date(window.Date), window.StartsAt, window.EndsAt, Date(window.CollectionDate),
        (window.StartsAt ?? new DateTimeOffset(window.Date.ToDateTime(TimeOnly.MinValue), CollectionCalendar.KoreaOffset)) <= now
            && now < CollectionCalendar.EndOf(window));

    private static readonly string[] DayNames = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    private static List<string> DayIds(IEnumerable<int> isoDays) => isoDays.Order().Select(d => DayNames[d - 1]).ToList();

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static string Clock(int minutes) => $"{minutes / 60:00}:{minutes % 60:00}";
}
