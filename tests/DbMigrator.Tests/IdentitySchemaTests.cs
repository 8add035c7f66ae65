using Growbin.TestSupport.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Growbin.DbMigrator.Tests;

/// <summary>Migration 0002: the identity and history tables enforce what auth and userinfo rely on.</summary>
public sealed class IdentitySchemaTests : IAsyncLifetime
{
    private NpgsqlDataSource _db = null!;

    public async Task InitializeAsync()
    {
        _db = NpgsqlDataSource.Create(await PostgresServer.Shared.CreateDatabaseAsync("identity_" + Guid.NewGuid().ToString("N")[..12]));
        await new MigrationRunner(_db, NullLogger<MigrationRunner>.Instance)
            .ApplyAsync(Migration.LoadDirectory(Path.Combine(AppContext.BaseDirectory, "migrations")));
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task A_user_gets_a_uuid_and_one_identity_per_provider_account()
    {
        var user = await NewUserAsync("분리수거왕");
        await ExecAsync("INSERT INTO growbin.user_identities (provider, subject, user_id) VALUES ('kakao', '123', $1)", user);

        var again = () => ExecAsync("INSERT INTO growbin.user_identities (provider, subject, user_id) VALUES ('kakao', '123', $1)", user);

        (await again.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.UniqueViolation);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("이름이스무자를넘는아주아주아주긴닉네임입니다")]
    public async Task A_nickname_outside_2_to_20_characters_is_refused(string nickname)
    {
        var insert = () => NewUserAsync(nickname);

        (await insert.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.CheckViolation);
    }

    [Fact]
    public async Task An_unknown_provider_is_refused()
    {
        var user = await NewUserAsync("닉네임");

        var insert = () => ExecAsync("INSERT INTO growbin.user_identities (provider, subject, user_id) VALUES ('myspace', '1', $1)", user);

        (await insert.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.CheckViolation);
    }

    [Fact]
    public async Task A_scan_is_recorded_once_and_goes_when_its_user_goes()
    {
        var user = await NewUserAsync("닉네임");
        const string scan = "0123456789abcdef0123456789abcdef";
        const string insert = """
            INSERT INTO growbin.scan_history (scan_id, user_id, item_id, item_name, category, answer_summary, image_key, completed_at)
            VALUES ($1, $2, 'milk-carton', '우유팩', 'paper-pack', '우유팩은 종이팩 전용 수거함에 버려요.', 'images/x.jpg', now())
            ON CONFLICT (scan_id) DO NOTHING
            """;
        await ExecAsync(insert, scan, user);
        await ExecAsync(insert, scan, user); // a redelivered scan-completed

        (await CountAsync("SELECT count(*) FROM growbin.scan_history")).Should().Be(1);
        await ExecAsync("DELETE FROM growbin.users WHERE id = $1", user);
        (await CountAsync("SELECT count(*) FROM growbin.scan_history")).Should().Be(0);
        (await CountAsync("SELECT count(*) FROM growbin.user_identities")).Should().Be(0);
    }

    [Fact]
    public async Task History_is_indexed_for_newest_first_keyset_pages()
    {
        (await CountAsync("""
            SELECT count(*) FROM pg_indexes
            WHERE schemaname = 'growbin' AND indexname = 'scan_history_user_completed'
              AND indexdef LIKE '%(user_id, completed_at DESC, scan_id DESC)%'
            """)).Should().Be(1);
    }

    private async Task<Guid> NewUserAsync(string nickname)
    {
        await using var command = _db.CreateCommand("INSERT INTO growbin.users (nickname) VALUES ($1) RETURNING id");
        command.Parameters.AddWithValue(nickname);
        return (Guid)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecAsync(string sql, params object[] values)
    {
        await using var command = _db.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.AddWithValue(value);
        }

        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var command = _db.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
