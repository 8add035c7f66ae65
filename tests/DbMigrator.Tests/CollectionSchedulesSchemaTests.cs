using Growbin.TestSupport.Postgres;
using Npgsql;

namespace Growbin.DbMigrator.Tests;

/// <summary>Migration 0007: collection schedules keep only what the API can read, and one published import per 시·군·구.</summary>
public sealed class CollectionSchedulesSchemaTests : IAsyncLifetime
{
    private GrowbinDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await GrowbinDatabase.CreateAsync("schedules_schema");
        await ExecAsync("INSERT INTO growbin.schedule_imports (import_id, file_name) VALUES ('00000000-0000-0000-0000-000000000001', 'test.csv')");
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task A_valid_row_is_stored_and_its_sigungu_key_ignores_spaces()
    {
        await InsertAsync();

        (await _db.ScalarAsync<string>("SELECT sigungu_key FROM growbin.collection_schedules")).Should().Be("성남시분당구");
    }

    [Theory]
    [InlineData("general_days = '{0}'")]
    [InlineData("food_days = '{8}'")]
    [InlineData("skip_weekdays = '{1,9}'")]
    [InlineData("general_start = 1440")]
    [InlineData("general_end = 0")]
    [InlineData("general_start = 600, general_end = 600")]
    [InlineData("general_end = NULL")]
    [InlineData("recyclable_start = NULL")]
    [InlineData("skip_holidays = '{lunar-new-year}'")]
    [InlineData("skip_dates = '{1-1}'")]
    [InlineData("skip_dates = '{01-01,12/25}'")]
    [InlineData("line = 1")]
    [InlineData("area_name = ''")]
    public async Task A_value_the_api_cannot_read_is_refused(string change)
    {
        await InsertAsync();

        var update = () => ExecAsync($"UPDATE growbin.collection_schedules SET {change}");

        (await update.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.CheckViolation);
    }

    [Fact]
    public async Task A_region_points_at_one_import_and_an_import_a_region_points_at_cannot_be_deleted()
    {
        const string publish = """
            INSERT INTO growbin.schedule_regions (sido, sigungu_key, sigungu, import_id, published_at)
            VALUES ('경기도', '성남시분당구', '성남시 분당구', '00000000-0000-0000-0000-000000000001', now())
            """;
        await ExecAsync(publish);

        var twice = () => ExecAsync(publish);
        var delete = () => ExecAsync("DELETE FROM growbin.schedule_imports");

        (await twice.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.UniqueViolation);
        (await delete.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.ForeignKeyViolation);
    }

    [Fact]
    public async Task Deleting_an_unpublished_import_deletes_its_staged_rows()
    {
        await InsertAsync();

        await ExecAsync("DELETE FROM growbin.schedule_imports");

        (await _db.ScalarAsync<long>("SELECT count(*) FROM growbin.collection_schedules")).Should().Be(0);
    }

    private Task InsertAsync() => ExecAsync("""
        INSERT INTO growbin.collection_schedules
            (import_id, line, sido, sigungu, area_name, general_days, general_start, general_end, food_days,
             recyclable_days, recyclable_start, recyclable_end, skip_weekdays, skip_holidays, skip_dates, data_date)
        VALUES ('00000000-0000-0000-0000-000000000001', 2, '경기도', '성남시 분당구', '정자1동', '{1,3,5}', 1200, 360, '{}',
                '{4}', 1080, 1440, '{6}', '{public,chuseok}', '{01-01,12-25}', '2026-03-31')
        """);

    private async Task ExecAsync(string sql)
    {
        await using var command = _db.Sql.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}
