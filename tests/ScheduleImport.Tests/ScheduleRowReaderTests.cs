using Growbin.Csv;
using Growbin.ScheduleImport.Import;
using Growbin.ScheduleImport.Parsing;

namespace Growbin.ScheduleImport.Tests;

public sealed class ScheduleRowReaderTests
{
    private static readonly Dictionary<string, string> Good = new()
    {
        [ScheduleColumns.Sido] = "서울특별시",
        [ScheduleColumns.Sigungu] = "마포구",
        [ScheduleColumns.AreaName] = "망원1동",
        [ScheduleColumns.TargetAreas] = "망원1동, 망원2동",
        [ScheduleColumns.GeneralDays] = "월+수+금",
        [ScheduleColumns.FoodDays] = "매일",
        [ScheduleColumns.RecyclableDays] = "목",
        [ScheduleColumns.GeneralStart] = "20:00",
        [ScheduleColumns.GeneralEnd] = "06:00",
        [ScheduleColumns.FoodStart] = "",
        [ScheduleColumns.FoodEnd] = "",
        [ScheduleColumns.RecyclableStart] = "18시",
        [ScheduleColumns.RecyclableEnd] = "24:00",
        [ScheduleColumns.NonCollection] = "토요일",
        [ScheduleColumns.DataDate] = "2026-03-31",
    };

    [Fact]
    public void Columns_are_found_by_name_in_any_order_and_unknown_ones_are_ignored()
    {
        var header = new[] { "비고" }.Concat(Good.Keys.Reverse()).Append(" 관리부서 명 ").ToList();
        var reader = new ScheduleRowReader(header);
        var fields = new[] { "무시" }.Concat(Good.Values.Reverse()).Append("[합성] 청소과").ToList();

        reader.TryRead(new CsvRecord(2, fields), out var row, out var errors).Should().BeTrue(string.Join("; ", errors));

        row!.Should().BeEquivalentTo(new
        {
            Line = 2,
            Sido = "서울특별시",
            Sigungu = "마포구",
            AreaName = "망원1동",
            TargetAreas = "망원1동, 망원2동",
            Department = "[합성] 청소과",
            Place = (string?)null,
            DataDate = new DateOnly(2026, 3, 31),
        });
        row.General.Should().Be(new WasteSchedule(DaySet.Of(1, 3, 5), 1200, 360, null));
        row.Food.Should().Be(new WasteSchedule(DaySet.Every, null, null, null));
        row.Recyclable.Should().Be(new WasteSchedule(DaySet.Of(4), 1080, 1440, null));
        row.NonCollection.Weekdays.Should().Be(DaySet.Of(6));
    }

    [Fact]
    public void A_header_without_required_columns_is_refused_naming_them()
    {
        var header = Good.Keys.Where(k => k is not (ScheduleColumns.GeneralDays or ScheduleColumns.DataDate)).ToList();

        var bind = () => new ScheduleRowReader(header);

        bind.Should().Throw<ScheduleInputException>()
            .WithMessage($"*{ScheduleColumns.GeneralDays}, {ScheduleColumns.DataDate}*");
    }

    [Fact]
    public void A_column_named_twice_is_refused()
    {
        var bind = () => new ScheduleRowReader(Good.Keys.Append(ScheduleColumns.Sido).ToList());

        bind.Should().Throw<ScheduleInputException>().WithMessage($"*{ScheduleColumns.Sido} appears twice*");
    }

    [Fact]
    public void Every_bad_field_of_a_row_is_reported_with_its_column_and_value()
    {
        var errors = Read(new()
        {
            [ScheduleColumns.Sido] = "서울나라",
            [ScheduleColumns.GeneralDays] = "월+격주",
            [ScheduleColumns.GeneralStart] = "25:00",
            [ScheduleColumns.RecyclableEnd] = "",
            [ScheduleColumns.DataDate] = "2026.03.31",
        });

        errors.Select(e => (e.Column, e.Value)).Should().BeEquivalentTo(new (string?, string?)[]
        {
            (ScheduleColumns.Sido, "서울나라"),
            (ScheduleColumns.GeneralDays, "월+격주"),
            (ScheduleColumns.GeneralStart, "25:00"),
            (ScheduleColumns.RecyclableEnd, null),
            (ScheduleColumns.DataDate, "2026.03.31"),
        });
        errors.Should().OnlyContain(e => e.Line == 2 && e.Reason.Length > 0);
        errors.Single(e => e.Column == ScheduleColumns.RecyclableEnd).Reason.Should().Contain("needs both");
    }

    [Theory]
    [InlineData(ScheduleColumns.Sigungu, "")]
    [InlineData(ScheduleColumns.AreaName, "")]
    [InlineData(ScheduleColumns.DataDate, "")]
    [InlineData(ScheduleColumns.FoodDays, "토요일오후")]
    public void A_missing_or_unreadable_required_value_is_an_error(string column, string value)
    {
        Read(new() { [column] = value }).Should().ContainSingle().Which.Column.Should().Be(column);
    }

    [Fact]
    public void A_window_that_starts_and_ends_together_is_an_error()
    {
        Read(new() { [ScheduleColumns.GeneralStart] = "06:00", [ScheduleColumns.GeneralEnd] = "0600" })
            .Should().ContainSingle().Which.Reason.Should().Contain("starts and ends at 06:00");
    }

    [Fact]
    public void A_field_longer_than_the_table_allows_is_an_error()
    {
        Read(new() { [ScheduleColumns.AreaName] = new string('동', 201) })
            .Should().ContainSingle().Which.Reason.Should().Be("201 characters long (at most 200)");
    }

    [Fact]
    public void A_row_with_another_field_count_is_one_error_for_the_row()
    {
        var reader = new ScheduleRowReader(Good.Keys.ToList());

        reader.TryRead(new CsvRecord(5, Good.Values.Append("extra").ToList()), out _, out var errors).Should().BeFalse();

        errors.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Line = 5, Column = (string?)null });
        errors[0].Reason.Should().Contain("16 fields, the header has 15");
    }

    [Fact]
    public void Sejong_has_no_sigungu_and_old_province_names_are_the_current_ones()
    {
        var reader = new ScheduleRowReader(Good.Keys.ToList());
        var sejong = Good.Values.ToArray();
        sejong[0] = "세종시";
        sejong[1] = "";
        var gangwon = Good.Values.ToArray();
        gangwon[0] = "강원도";
        gangwon[1] = "춘천시";

        reader.TryRead(new CsvRecord(2, sejong), out var first, out _).Should().BeTrue();
        reader.TryRead(new CsvRecord(3, gangwon), out var second, out _).Should().BeTrue();

        (first!.Sido, first.Sigungu).Should().Be(("세종특별자치시", "세종특별자치시"));
        second!.Sido.Should().Be("강원특별자치도");
    }

    private static IReadOnlyList<RowError> Read(Dictionary<string, string> changes)
    {
        var values = Good.ToDictionary(p => p.Key, p => changes.GetValueOrDefault(p.Key, p.Value));
        var reader = new ScheduleRowReader(values.Keys.ToList());
        reader.TryRead(new CsvRecord(2, values.Values.ToList()), out var row, out var errors).Should().Be(errors.Count == 0);
        (row is null).Should().Be(errors.Count > 0);
        return errors;
    }
}
