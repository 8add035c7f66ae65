namespace Growbin.RecycleInfo.Schedules;

/// <summary>미수거일 as stored: ISO weekdays, holiday kinds, fixed dates ("MM-DD"), notes not understood, the published text.</summary>
public sealed record NonCollectionRule(IReadOnlySet<int> Weekdays, IReadOnlyList<string> Holidays, IReadOnlyList<string> Dates,
    IReadOnlyList<string> Notes, string? Text);
