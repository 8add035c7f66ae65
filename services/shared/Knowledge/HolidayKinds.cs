namespace Growbin.Knowledge;

/// <summary>
/// The holidays a 미수거일 (non-collection day) rule can name, as growbin.collection_schedules stores them
/// (<c>skip_holidays</c>): the schedule importer writes them, recycle-info's calendar reads them.
/// </summary>
public static class HolidayKinds
{
    /// <summary>Every public holiday (관공서의 공휴일: national holidays, 설·추석 periods, substitute holidays, election days).</summary>
    public const string Public = "public";

    /// <summary>설날 itself (음력 1월 1일).</summary>
    public const string Seollal = "seollal";

    /// <summary>The 설날 period: the day before, the day, the day after.</summary>
    public const string SeollalPeriod = "seollal-period";

    /// <summary>추석 itself (음력 8월 15일).</summary>
    public const string Chuseok = "chuseok";

    /// <summary>The 추석 period: the day before, the day, the day after.</summary>
    public const string ChuseokPeriod = "chuseok-period";

    public static IReadOnlyList<string> All { get; } = [Public, Seollal, SeollalPeriod, Chuseok, ChuseokPeriod];
}
