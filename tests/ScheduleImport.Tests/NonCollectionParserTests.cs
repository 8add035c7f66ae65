using Growbin.Knowledge;
using Growbin.ScheduleImport.Parsing;

namespace Growbin.ScheduleImport.Tests;

public sealed class NonCollectionParserTests
{
    [Fact]
    public void Weekdays_public_holidays_and_fixed_dates_become_rules()
    {
        var days = NonCollectionParser.Parse("토요일+공휴일, 1월1일");

        days.Weekdays.ToIso().Should().Equal(6);
        days.Holidays.Should().Equal(HolidayKinds.Public);
        days.Dates.Should().Equal("01-01");
        days.Notes.Should().BeEmpty();
        days.Text.Should().Be("토요일+공휴일, 1월1일");
    }

    [Theory]
    [InlineData("명절 당일", new[] { HolidayKinds.Chuseok, HolidayKinds.Seollal })]
    [InlineData("명절", new[] { HolidayKinds.Chuseok, HolidayKinds.Seollal })]
    [InlineData("명절 연휴", new[] { HolidayKinds.ChuseokPeriod, HolidayKinds.SeollalPeriod })]
    [InlineData("설날", new[] { HolidayKinds.Seollal })]
    [InlineData("설날 및 추석 당일", new[] { HolidayKinds.Chuseok, HolidayKinds.Seollal })]
    [InlineData("설·추석 연휴", new[] { HolidayKinds.ChuseokPeriod, HolidayKinds.SeollalPeriod })]
    [InlineData("설 연휴, 추석", new[] { HolidayKinds.Chuseok, HolidayKinds.SeollalPeriod })]
    [InlineData("법정공휴일", new[] { HolidayKinds.Public })]
    public void Festivals_are_the_day_or_with_연휴_the_whole_period(string text, string[] kinds)
    {
        var days = NonCollectionParser.Parse(text);

        days.Holidays.Should().Equal(kinds);
        days.Notes.Should().BeEmpty();
    }

    [Theory]
    [InlineData("1월 1일", "01-01")]
    [InlineData("1/1", "01-01")]
    [InlineData("12.25", "12-25")]
    [InlineData("신정", "01-01")]
    [InlineData("성탄절", "12-25")]
    [InlineData("2월29일", "02-29")]
    public void Fixed_dates_are_month_and_day(string text, string date)
    {
        NonCollectionParser.Parse(text).Dates.Should().Equal(date);
    }

    [Theory]
    [InlineData("공휴일(단, 일요일 제외)")]
    [InlineData("격주 토요일")]
    [InlineData("2월30일")]
    [InlineData("기상 악화 시")]
    public void Text_it_does_not_understand_is_kept_as_a_note_not_guessed(string text)
    {
        var days = NonCollectionParser.Parse(text);

        days.Notes.Should().Equal(text);
        days.Weekdays.IsEmpty.Should().BeTrue();
        days.Holidays.Should().BeEmpty();
        days.Dates.Should().BeEmpty();
    }

    [Fact]
    public void Understood_parts_are_kept_beside_a_note()
    {
        var days = NonCollectionParser.Parse("일요일 + 공휴일(단, 일요일 제외) + 성탄절");

        days.Weekdays.ToIso().Should().Equal(7);
        days.Dates.Should().Equal("12-25");
        days.Notes.Should().Equal("공휴일(단, 일요일 제외)");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("없음")]
    [InlineData("해당없음")]
    public void Nothing_means_collected_every_listed_day(string? text)
    {
        var days = NonCollectionParser.Parse(text);

        (days.Weekdays.IsEmpty, days.Holidays.Count, days.Dates.Count, days.Notes.Count).Should().Be((true, 0, 0, 0));
    }
}
