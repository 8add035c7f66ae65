namespace Growbin.RecycleInfo.Schedules;

/// <summary>When one kind of waste is put out, as stored: ISO weekdays, the window in minutes (end before start: past midnight).</summary>
public sealed record WasteRule(IReadOnlySet<int> Days, int? Start, int? End, string? Method);
