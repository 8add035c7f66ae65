using Growbin.Knowledge;
using Growbin.RecycleInfo.Schedules;

namespace Growbin.RecycleInfo.Tests;

public sealed class CollectionCalendarTests
{
    private static readonly TimeSpan Korea = TimeSpan.FromHours(9);

    private static NonCollectionRule Skip(params string[] holidays) => new(new HashSet<int>(), holidays, [], [], null);

    [Theory]
    [InlineData("2026-02-16", "설날 연휴", false)]
    [InlineData("2026-02-17", "설날", true)]
    [InlineData("2027-02-09", "대체공휴일", false)]
    [InlineData("2027-09-15", "추석", false)]
    [InlineData("2026-06-03", "전국동시지방선거일", false)]
    [InlineData("2031-12-25", "성탄절", false)]
    public void Holidays_are_known_with_their_kinds(string date, string name, bool seollalDay)
    {
        var holiday = KoreanHolidays.On(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)).Should().ContainSingle().Subject;

        holiday.Name.Should().Be(name);
        holiday.Kinds.Should().Contain(HolidayKinds.Public);
        holiday.Kinds.Contains(HolidayKinds.Seollal).Should().Be(seollalDay);
    }

    [Fact]
    public void Outside_the_listed_years_only_fixed_date_holidays_are_known()
    {
        KoreanHolidays.IsListed(2028).Should().BeFalse();
        KoreanHolidays.On(new DateOnly(2028, 1, 26)).Should().BeEmpty("설날 2028 is not in the table");
        KoreanHolidays.On(new DateOnly(2028, 10, 9)).Select(h => h.Name).Should().Equal("한글날");
    }

    [Theory]
    [InlineData(HolidayKinds.Public, "2026-02-16", "설날 연휴")]
    [InlineData(HolidayKinds.SeollalPeriod, "2026-02-18", "설날 연휴")]
    [InlineData(HolidayKinds.Seollal, "2026-02-18", null)]
    [InlineData(HolidayKinds.Seollal, "2026-02-17", "설날")]
    [InlineData(HolidayKinds.Chuseok, "2026-12-25", null)]
    public void A_rule_cancels_collection_only_on_the_holidays_it_names(string kind, string date, string? reason)
    {
        CollectionCalendar.NoCollectionReason(Skip(kind), DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture))
            .Should().Be(reason);
    }

    [Fact]
    public void Weekdays_and_fixed_dates_cancel_collection()
    {
        var rule = new NonCollectionRule(new HashSet<int> { 7 }, [], ["01-01"], [], null);

        CollectionCalendar.NoCollectionReason(rule, new DateOnly(2026, 12, 13)).Should().Be("일요일");
        CollectionCalendar.NoCollectionReason(rule, new DateOnly(2027, 1, 1)).Should().Be("1월 1일");
        CollectionCalendar.NoCollectionReason(rule, new DateOnly(2026, 12, 14)).Should().BeNull();
    }

    [Fact]
    public void A_window_past_midnight_is_collected_the_next_day_and_one_ending_at_24_00_the_same_day()
    {
        var night = CollectionCalendar.WindowOn(new WasteRule(new HashSet<int> { 4 }, 1200, 360, null), new DateOnly(2026, 12, 10))!;
        var evening = CollectionCalendar.WindowOn(new WasteRule(new HashSet<int> { 4 }, 1080, 1440, null), new DateOnly(2026, 12, 10))!;
        var allDay = CollectionCalendar.WindowOn(new WasteRule(new HashSet<int> { 4 }, null, null, null), new DateOnly(2026, 12, 10))!;

        (night.StartsAt, night.EndsAt, night.CollectionDate).Should().Be((
            new DateTimeOffset(2026, 12, 10, 20, 0, 0, Korea), new DateTimeOffset(2026, 12, 11, 6, 0, 0, Korea), new DateOnly(2026, 12, 11)));
        (evening.EndsAt, evening.CollectionDate).Should().Be((new DateTimeOffset(2026, 12, 11, 0, 0, 0, Korea), new DateOnly(2026, 12, 10)));
        (allDay.StartsAt, allDay.EndsAt, CollectionCalendar.EndOf(allDay)).Should().Be((null, null, new DateTimeOffset(2026, 12, 11, 0, 0, 0, Korea)));
        CollectionCalendar.WindowOn(new WasteRule(new HashSet<int> { 4 }, 1200, 360, null), new DateOnly(2026, 12, 11)).Should().BeNull();
    }

    [Fact]
    public void No_put_out_days_means_no_next_window()
    {
        CollectionCalendar.Next(new WasteRule(new HashSet<int>(), null, null, null), Skip(), DateTimeOffset.UnixEpoch).Should().BeNull();
    }
}
