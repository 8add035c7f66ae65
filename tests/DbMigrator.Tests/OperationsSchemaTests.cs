using Growbin.TestSupport.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Growbin.DbMigrator.Tests;

/// <summary>Migrations 0004 and 0005: task-scheduler's dead letters (one row per event id) and daily AI usage (one per day).</summary>
public sealed class OperationsSchemaTests : IAsyncLifetime
{
    private NpgsqlDataSource _db = null!;

    public async Task InitializeAsync()
    {
        _db = NpgsqlDataSource.Create(await PostgresServer.Shared.CreateDatabaseAsync("operations_" + Guid.NewGuid().ToString("N")[..12]));
        await new MigrationRunner(_db, NullLogger<MigrationRunner>.Instance)
            .ApplyAsync(Migration.LoadDirectory(Path.Combine(AppContext.BaseDirectory, "migrations")));
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task A_dead_letter_is_kept_once_per_event_id()
    {
        const string insert = """
            INSERT INTO growbin.dead_letters (event_id, topic, pubsub, type, source, raw_event, received_at)
            VALUES ($1, 'user-deleted', 'pubsub', 'com.dapr.event.sent', 'userinfo', '{}', now())
            ON CONFLICT (event_id) DO NOTHING
            """;

        (await ExecAsync(insert, "event-1")).Should().Be(1);
        (await ExecAsync(insert, "event-1")).Should().Be(0);
    }

    [Theory]
    [InlineData("")]
    [InlineData("an id longer than two hundred characters, which the subscriber replaces by the hash of the message: xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    public async Task A_dead_letter_id_must_be_1_to_200_characters(string eventId)
    {
        var insert = () => ExecAsync(
            "INSERT INTO growbin.dead_letters (event_id, raw_event, received_at) VALUES ($1, 'x', now())", eventId);

        (await insert.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.CheckViolation);
    }

    [Fact]
    public async Task A_dead_letter_needs_its_message_and_when_it_came()
    {
        var insert = () => ExecAsync("INSERT INTO growbin.dead_letters (event_id, raw_event) VALUES ($1, 'x')", "event-2");

        (await insert.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.NotNullViolation);
    }

    [Theory]
    [InlineData(-1, 0, 0)]
    [InlineData(0, -1, 0)]
    [InlineData(0, 0, -0.01)]
    public async Task Daily_ai_usage_is_never_negative(long calls, long tokens, double cost)
    {
        var insert = () => ExecAsync(
            "INSERT INTO growbin.ai_usage_daily (day, calls, tokens, cost_usd, reported_at) VALUES ('2030-01-01', $1, $2, $3, now())",
            calls, tokens, (decimal)cost);

        (await insert.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.CheckViolation);
    }

    [Fact]
    public async Task Daily_ai_usage_is_one_row_per_day()
    {
        const string insert = "INSERT INTO growbin.ai_usage_daily (day, calls, tokens, cost_usd, reported_at) VALUES ('2030-01-01', 1, 1, 0.5, now())";
        await ExecAsync(insert);

        var again = () => ExecAsync(insert);

        (await again.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.UniqueViolation);
    }

    private async Task<int> ExecAsync(string sql, params object[] values)
    {
        await using var command = _db.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return await command.ExecuteNonQueryAsync();
    }
}
