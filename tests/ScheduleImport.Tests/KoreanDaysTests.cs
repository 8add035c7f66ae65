using Growbin.ScheduleImport.Parsing;

namespace Growbin.ScheduleImport.Tests;

public sealed class KoreanDaysTests
{
    [Theory]
    [InlineData("월+수+금", new[] { 1, 3, 5 })]
    [InlineData("월,수,금", new[] { 1, 3, 5 })]
    [InlineData("월·수·금", new[] { 1, 3, 5 })]
    [InlineData("월 수 금", new[] { 1, 3, 5 })]
    [InlineData("월수금", new[] { 1, 3, 5 })]
    [InlineData("월요일, 수요일 및 금요일", new[] { 1, 3, 5 })]
    [InlineData("월욜/수욜", new[] { 1, 3 })]
    [InlineData("월~금", new[] { 1, 2, 3, 4, 5 })]
    [InlineData("월요일 ~ 금요일", new[] { 1, 2, 3, 4, 5 })]
    [InlineData("월-토", new[] { 1, 2, 3, 4, 5, 6 })]
    [InlineData("일~목", new[] { 1, 2, 3, 4, 7 })]
    [InlineData("금~월", new[] { 1, 5, 6, 7 })]
    [InlineData("매일", new[] { 1, 2, 3, 4, 5, 6, 7 })]
    [InlineData("평일", new[] { 1, 2, 3, 4, 5 })]
    [InlineData("주말", new[] { 6, 7 })]
    [InlineData("일요일", new[] { 7 })]
    [InlineData("매주 화요일", new[] { 2 })]
    [InlineData("화+화", new[] { 2 })]
    [InlineData("평일+토", new[] { 1, 2, 3, 4, 5, 6 })]
    public void Day_lists_are_read_whatever_separates_them(string text, int[] isoDays)
    {
        KoreanDays.TryParse(text, out var days, out var reason).Should().BeTrue(reason);

        days.ToIso().Should().Equal(isoDays);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("없음")]
    public void No_text_is_no_days(string? text)
    {
        KoreanDays.TryParse(text, out var days, out _).Should().BeTrue();

        days.IsEmpty.Should().BeTrue();
    }

    [Theory]
    [InlineData("월+수+금+격주", "격주")]
    [InlineData("월요일마다", "월요일마다")]
    [InlineData("mon", "mon")]
    [InlineData("월~", "월~")]
    [InlineData("월~공휴일", "월~공휴일")]
    [InlineData("1,3,5", "1")]
    public void An_unknown_word_is_refused_and_named(string text, string token)
    {
        KoreanDays.TryParse(text, out var days, out var reason).Should().BeFalse();

        reason.Should().Contain($"'{token}'");
        days.IsEmpty.Should().BeTrue();
    }
}
