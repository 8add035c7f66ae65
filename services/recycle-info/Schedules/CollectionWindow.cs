namespace Growbin.RecycleInfo.Schedules;

/// <summary>
/// One put-out window: the day it opens, its start and end (null when the data gives no times: the whole day), and
/// the day the waste is collected — the day the window ends, so a window past midnight is collected the next day.
/// </summary>
public sealed record CollectionWindow(DateOnly Date, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, DateOnly CollectionDate);
