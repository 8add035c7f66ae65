using Growbin.ScheduleImport.Parsing;

namespace Growbin.ScheduleImport.Tests;

public sealed class KoreanTimeTests
{
    [Theory]
    [InlineData("18:00", 1080)]
    [InlineData("18:00:00", 1080)]
    [InlineData("6:30", 390)]
    [InlineData("06.30", 390)]
    [InlineData("1800", 1080)]
    [InlineData("600", 360)]
    [InlineData("18", 1080)]
    [InlineData("18시", 1080)]
    [InlineData("18시 30분", 1110)]
    [InlineData("오후 6시", 1080)]
    [InlineData("오전 12시", 0)]
    [InlineData("오후 12시 30분", 750)]
    [InlineData("정오", 720)]
    [InlineData("자정", 0)]
    [InlineData("00:00", 0)]
    [InlineData(" 20 : 00 ", 1200)]
    public void Starts_are_read_in_every_common_form(string text, int minutes)
    {
        KoreanTime.TryParseStart(text, out var value, out var reason).Should().BeTrue(reason);

        value.Should().Be(minutes);
    }

    [Theory]
    [InlineData("24:00", 1440)]
    [InlineData("00:00", 1440)]
    [InlineData("자정", 1440)]
    [InlineData("2400", 1440)]
    [InlineData("익일 06:00", 360)]
    [InlineData("다음날 6시", 360)]
    [InlineData("23:59", 1439)]
    public void Ends_may_be_the_end_of_the_day(string text, int minutes)
    {
        KoreanTime.TryParseEnd(text, out var value, out var reason).Should().BeTrue(reason);

        value.Should().Be(minutes);
    }

    [Theory]
    [InlineData("25:00")]
    [InlineData("18:60")]
    [InlineData("24:30")]
    [InlineData("2500")]
    [InlineData("오후 13시")]
    [InlineData("저녁")]
    [InlineData("18:00~24:00")]
    [InlineData("6pm")]
    public void Impossible_or_unreadable_times_are_refused(string text)
    {
        KoreanTime.TryParseStart(text, out _, out var reason).Should().BeFalse();
        reason.Should().Contain($"'{text}'");
        KoreanTime.TryParseEnd(text, out _, out _).Should().BeFalse();
    }

    [Fact]
    public void A_window_cannot_start_at_24_00()
    {
        KoreanTime.TryParseStart("24:00", out _, out var reason).Should().BeFalse();

        reason.Should().Contain("end of a day");
    }

    [Theory]
    [InlineData(0, "00:00")]
    [InlineData(1110, "18:30")]
    [InlineData(1440, "24:00")]
    public void Minutes_format_as_a_clock(int minutes, string text) => KoreanTime.Format(minutes).Should().Be(text);
}
