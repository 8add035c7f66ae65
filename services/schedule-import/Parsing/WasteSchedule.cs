namespace Growbin.ScheduleImport.Parsing;

/// <summary>When one kind of waste is put out: the days, the window (minutes after midnight; the end before the start runs past midnight), how.</summary>
public sealed record WasteSchedule(DaySet Days, int? Start, int? End, string? Method);
