using System.Text;
using Growbin.Csv;
using Growbin.ScheduleImport.Import;
using Growbin.ScheduleImport.Parsing;
using Growbin.ServiceDefaults.Data;

namespace Growbin.ScheduleImport.Tests;

[Collection(ScheduleCollection.Name)]
public sealed class ImportTests(ScheduleDatabase db) : IAsyncLifetime
{
    public Task InitializeAsync() => db.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_utf8_file_is_imported_with_its_days_times_and_non_collection_rules()
    {
        var report = await db.ImportAsync(Samples.MapoUtf8);

        (report.Encoding, report.Rows, report.Imported, report.Errors.Count).Should().Be(("utf-8", 4, 4, 0));
        report.Regions.Should().Equal(("서울특별시 마포구", 4));
        (await db.PublishedAsync()).Should().Equal("서울특별시 마포구 망원1동", "서울특별시 마포구 상암동", "서울특별시 마포구 서교동 일대", "서울특별시 마포구 성산1동");

        var seogyo = await RowAsync("서교동 일대");
        seogyo["target_areas"].Should().Be("서교동, 합정동");
        seogyo["general_days"].Should().Be("{1,2,3,4,7}");
        (seogyo["general_start"], seogyo["general_end"]).Should().Be(("1140", "1440"));
        (seogyo["food_days"], seogyo["food_start"], seogyo["food_end"]).Should().Be(("{1,2,3,4,5,6,7}", "1080", "360"));
        (seogyo["skip_weekdays"], seogyo["skip_holidays"]).Should().Be(("{6}", "{chuseok,seollal}"));
        seogyo["skip_text"].Should().Be("토요일, 명절 당일");

        var mangwon = await RowAsync("망원1동");
        mangwon["food_method"].Should().Be("전용용기에 담아 배출 (물기 제거)", "a line break inside a quoted cell becomes a space");
        mangwon["place"].Should().Be("내 집 앞, 건물 앞 도로변");
        (mangwon["skip_weekdays"], mangwon["skip_holidays"]).Should().Be(("{6}", "{public}"));
        mangwon["data_date"].Should().Be("2026-03-31");
        mangwon["department"].Should().Be("[합성] 마포구청 자원순환과");

        var sangam = await RowAsync("상암동");
        (sangam["food_start"], sangam["food_end"]).Should().Be((null, null));
        (sangam["recyclable_start"], sangam["recyclable_end"]).Should().Be(("1080", "1320"));
        (sangam["skip_holidays"], sangam["skip_dates"]).Should().Be(("{public}", "{01-01}"));

        var seongsan = await RowAsync("성산1동");
        seongsan["skip_notes"].Should().Be("{\"공휴일(단, 일요일 제외)\"}");
        seongsan["recyclable_days"].Should().Be("{1,2,3,4,5}");
    }

    [Fact]
    public async Task A_cp949_file_in_another_column_order_covers_each_of_its_regions()
    {
        var bytes = await File.ReadAllBytesAsync(Samples.File(Samples.SeodaemunBundangSejongCp949));
        var asUtf8 = () => new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        asUtf8.Should().Throw<DecoderFallbackException>("the sample really is CP949");

        var report = await db.ImportAsync(Samples.SeodaemunBundangSejongCp949);

        (report.Encoding, report.Imported, report.Errors.Count).Should().Be(("cp949", 4, 0));
        report.Regions.Should().Equal(("경기도 성남시 분당구", 1), ("서울특별시 서대문구", 2), ("세종특별자치시 세종특별자치시", 1));
        (await db.PublishedAsync()).Should().Contain("서울특별시 서대문구 신촌동");
        var sinchon = await RowAsync("신촌동");
        (sinchon["skip_weekdays"], sinchon["skip_holidays"]).Should().Be(("{6}", "{chuseok-period,seollal-period}"));
        (await RowAsync("정자1동"))["skip_dates"].Should().Be("{01-01,12-25}");
        (await RowAsync("홍제1동"))["skip_dates"].Should().Be("{01-01}");
        (await RowAsync("한솔동"))["sigungu_key"].Should().Be("세종특별자치시");
    }

    [Fact]
    public async Task Bad_rows_are_reported_with_line_column_and_reason_and_the_good_rows_still_import()
    {
        var report = await db.ImportAsync(Samples.EunpyeongBroken);

        report.Imported.Should().Be(2);
        report.RejectedRows.Should().Be(6);
        report.Errors.Select(e => (e.Line, e.Column)).Should().BeEquivalentTo(new (int, string?)[]
        {
            (3, null),
            (4, ScheduleColumns.GeneralDays),
            (4, ScheduleColumns.FoodDays),
            (5, ScheduleColumns.GeneralStart),
            (5, ScheduleColumns.FoodStart),
            (5, ScheduleColumns.RecyclableStart),
            (6, ScheduleColumns.Sigungu),
            (7, ScheduleColumns.GeneralEnd),
            (7, ScheduleColumns.FoodEnd),
            (7, ScheduleColumns.RecyclableEnd),
            (8, ScheduleColumns.DataDate),
        });
        report.Errors.Single(e => e.Line == 4 && e.Column == ScheduleColumns.GeneralDays).Should()
            .BeEquivalentTo(new { Value = "월+수+금+격주" });
        report.Errors.Single(e => e.Line == 4 && e.Column == ScheduleColumns.GeneralDays).Reason.Should().Contain("'격주'");
        report.Errors.Single(e => e.Line == 5 && e.Column == ScheduleColumns.GeneralStart).Value.Should().Be("25:00");
        (await db.PublishedAsync()).Should().Equal("서울특별시 은평구 대조동", "서울특별시 은평구 불광1동");

        using var output = new StringWriter();
        report.WriteTo(output);
        output.ToString().Should().Contain("not imported:   6")
            .And.Contain("line 4, 생활쓰레기배출요일 '월+수+금+격주': '격주' is not a day")
            .And.Contain("line 3: the row has 25 fields, the header has 24")
            .And.Contain("서울특별시 은평구: 2 rows");
    }

    [Fact]
    public async Task A_new_import_replaces_only_the_regions_it_covers_and_leaves_no_old_rows()
    {
        await db.ImportAsync(Samples.MapoUtf8);
        await db.ImportAsync(Samples.SeodaemunBundangSejongCp949);
        var smaller = Samples.TempPath("mapo-two-rows.csv");
        var lines = (await File.ReadAllTextAsync(Samples.File(Samples.MapoUtf8))).Split("\r\n");
        // The header, 망원1동 (its quoted method spans two lines) and 상암동 renamed.
        await File.WriteAllTextAsync(smaller, string.Join("\r\n", lines[0], lines[1], lines[3].Replace("상암동", "상암2동")));

        var report = await db.ImportAsync(smaller);

        report.Regions.Should().Equal(("서울특별시 마포구", 2));
        var published = await db.PublishedAsync();
        published.Where(r => r.Contains("마포구")).Should().Equal("서울특별시 마포구 망원1동", "서울특별시 마포구 상암2동");
        published.Should().Contain("서울특별시 서대문구 신촌동").And.Contain("경기도 성남시 분당구 정자1동").And.HaveCount(6);
        (await db.CountAsync("collection_schedules")).Should().Be(6, "the replaced import's 마포구 rows are deleted, not left behind");
    }

    [Fact]
    public async Task An_import_finishing_later_cleans_up_imports_nobody_reads()
    {
        await db.ImportAsync(Samples.MapoUtf8);
        await db.ImportAsync(Samples.MapoUtf8); // the first import now has no region

        await db.ImportAsync(Samples.EunpyeongBroken);

        (await db.CountAsync("schedule_imports")).Should().Be(2, "the superseded first import is gone");
        (await db.CountAsync("collection_schedules")).Should().Be(6);
    }

    [Fact]
    public async Task A_dry_run_reads_everything_and_writes_nothing()
    {
        var statements = db.Database.Binding.Executed.Count;

        var report = await db.ImportAsync(Samples.EunpyeongBroken, dryRun: true);

        (report.DryRun, report.Imported, report.RejectedRows, report.Regions.Count).Should().Be((true, 2, 6, 0));
        db.Database.Binding.Executed.Count.Should().Be(statements);
        (await db.CountAsync("schedule_imports")).Should().Be(0);
    }

    [Fact]
    public async Task A_file_of_many_rows_is_staged_200_rows_a_statement_and_published_once()
    {
        var file = Samples.TempPath("many.csv");
        await using (var writer = new StreamWriter(file, false, new UTF8Encoding(false)))
        {
            CsvWriter.WriteRecord(writer, ScheduleColumns.Published);
            for (var i = 0; i < 450; i++)
            {
                var values = ScheduleColumns.Published.Select(c => c switch
                {
                    ScheduleColumns.Sido => "부산광역시",
                    ScheduleColumns.Sigungu => i % 2 == 0 ? "해운대구" : "수영구",
                    ScheduleColumns.AreaName => $"[합성] 관리구역 {i:000}",
                    ScheduleColumns.GeneralDays or ScheduleColumns.FoodDays or ScheduleColumns.RecyclableDays => "월+목",
                    ScheduleColumns.DataDate => "2026-01-31",
                    _ => "",
                });
                CsvWriter.WriteRecord(writer, values);
            }
        }

        var before = db.Database.Binding.Executed.Count;

        var report = await db.ImportFileAsync(file);

        report.Imported.Should().Be(450);
        report.Regions.Should().Equal(("부산광역시 수영구", 225), ("부산광역시 해운대구", 225));
        db.Database.Binding.Executed.Skip(before).Select(s => s.Sql).Should().Equal(
            ScheduleImportQueries.Begin, ScheduleImportQueries.Stage, ScheduleImportQueries.Stage, ScheduleImportQueries.Stage,
            ScheduleImportQueries.Publish);
        (await db.PublishedAsync()).Should().HaveCount(450);
    }

    [Fact]
    public async Task A_row_the_database_refuses_is_reported_and_the_rest_of_its_batch_is_staged()
    {
        var writer = new ScheduleWriter(new PostgresBinding(db.Dapr));
        var importId = Guid.NewGuid();
        await writer.BeginAsync(importId, "crafted.csv", CancellationToken.None);
        ScheduleRow Row(int line, int? start) => new(line, "서울특별시", "종로구", $"[합성] 구역 {line}", null, null, null,
            new WasteSchedule(DaySet.Of(1), start, start is null ? null : 600, null), new WasteSchedule(DaySet.None, null, null, null),
            new WasteSchedule(DaySet.None, null, null, null), null, null, NonCollectionDays.None, null, null, new DateOnly(2026, 1, 1));
        var errors = new List<RowError>();

        // 2000 minutes gets past no parser; the table's CHECK refuses it.
        var staged = await writer.StageAsync(importId, [Row(2, 60), Row(3, 2000), Row(4, null)], errors, CancellationToken.None);

        staged.Select(r => r.Line).Should().Equal(2, 4);
        errors.Should().ContainSingle().Which.Should().BeEquivalentTo(new { Line = 3, Column = (string?)null });
        errors[0].Reason.Should().Contain("violates check constraint").And.Contain("SQLSTATE 23514");
        (await writer.PublishAsync(importId, CancellationToken.None)).Should().Be(1);
        (await writer.PublishAsync(importId, CancellationToken.None)).Should().Be(0, "publishing an import twice changes nothing");
        (await db.PublishedAsync()).Should().HaveCount(2);
    }

    private async Task<Dictionary<string, string?>> RowAsync(string area)
    {
        await using var command = db.Database.Sql.CreateCommand("""
            SELECT s.* FROM growbin.collection_schedules AS s
            JOIN growbin.schedule_regions AS r ON r.sido = s.sido AND r.sigungu_key = s.sigungu_key AND r.import_id = s.import_id
            WHERE s.area_name = $1
            """);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = area });
        command.AllResultTypesAreUnknown = true; // every column as PostgreSQL's text
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).Should().BeTrue($"{area} is published");
        var row = Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetString(i));
        (await reader.ReadAsync()).Should().BeFalse($"{area} is published once");
        return row;
    }
}
