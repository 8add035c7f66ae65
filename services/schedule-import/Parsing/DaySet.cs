namespace Growbin.ScheduleImport.Parsing;

/// <summary>
/// A set of weekdays, stored as ISO weekday numbers (1 Monday … 7 Sunday, PostgreSQL's <c>isodow</c>), which is how
/// growbin.collection_schedules keeps them.
/// </summary>
public readonly record struct DaySet(byte Mask)
{
    public static DaySet None => new(0);

    public static DaySet Every => new(0b111_1111);

    public static DaySet Weekdays => Range(1, 5);

    public static DaySet Weekend => Of(6, 7);

    public bool IsEmpty => Mask == 0;

    public static DaySet Of(params int[] isoDays) => isoDays.Aggregate(None, (set, day) => set.With(day));

    /// <summary>From <paramref name="first"/> to <paramref name="last"/> (ISO), wrapping past Sunday: 5..1 is Fri–Mon.</summary>
    public static DaySet Range(int first, int last)
    {
        var set = None;
        for (var day = first; ; day = day % 7 + 1)
        {
            set = set.With(day);
            if (day == last)
            {
                return set;
            }
        }
    }

    public DaySet With(int isoDay) => isoDay is >= 1 and <= 7
        ? new DaySet((byte)(Mask | (1 << (isoDay - 1))))
        : throw new ArgumentOutOfRangeException(nameof(isoDay), isoDay, "an ISO weekday is 1 (Monday) to 7 (Sunday)");

    public DaySet Union(DaySet other) => new((byte)(Mask | other.Mask));

    public bool Contains(int isoDay) => isoDay is >= 1 and <= 7 && (Mask & (1 << (isoDay - 1))) != 0;

    /// <summary>The ISO weekday numbers in order, Monday first.</summary>
    public int[] ToIso() => Enumerable.Range(1, 7).Where(Contains).ToArray();

    public override string ToString() => string.Concat(ToIso().Select(d => KoreanDays.Names[d - 1]));
}
