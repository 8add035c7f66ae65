namespace Growbin.ScheduleImport.Parsing;

/// <summary>
/// 미수거일 read as rules: weekdays, holiday kinds (<see cref="Growbin.Knowledge.HolidayKinds"/>), fixed dates
/// ("MM-DD", every year), and the parts not understood (<see cref="Notes"/>, kept as written). <see cref="Text"/> is the
/// cell as published.
/// </summary>
public sealed record NonCollectionDays(DaySet Weekdays, IReadOnlyList<string> Holidays, IReadOnlyList<string> Dates,
    IReadOnlyList<string> Notes, string? Text)
{
    public static NonCollectionDays None { get; } = new(DaySet.None, [], [], [], null);
}
