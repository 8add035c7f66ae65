using Growbin.ServiceDefaults.Data;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Postgres;

namespace Growbin.ServiceDefaults.Tests.Data;

/// <summary>PostgresBinding through the Dapr double's postgres binding, on a real migrated database.</summary>
public sealed class PostgresBindingTests : IAsyncLifetime
{
    private GrowbinDatabase _db = null!;
    private PostgresBinding _sql = null!;

    public async Task InitializeAsync()
    {
        _db = await GrowbinDatabase.CreateAsync("defaults_binding");
        _sql = new PostgresBinding(_db.AttachTo(new InMemoryDaprClient()));
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Exec_reports_rows_affected_and_query_returns_rows_of_columns()
    {
        var inserted = await _sql.ExecAsync(
            "INSERT INTO growbin.users (nickname, region) VALUES ($1, $2), ($3, NULL)", ["분리수거왕", "서울특별시 마포구", "초록이"]);

        var rows = await _sql.QueryAsync(
            "SELECT id::text, nickname, region FROM growbin.users WHERE nickname = ANY(string_to_array($1, ',')) ORDER BY nickname",
            ["분리수거왕,초록이"]);

        inserted.Should().Be(2);
        rows.Select(r => (r[1].GetString(), r[2].ValueKind == System.Text.Json.JsonValueKind.Null ? null : r[2].GetString()))
            .Should().Equal(("분리수거왕", "서울특별시 마포구"), ("초록이", null));
        Guid.TryParse(rows[0][0].GetString(), out _).Should().BeTrue();
    }

    [Fact]
    public async Task A_query_without_rows_is_an_empty_list()
    {
        var rows = await _sql.QueryAsync("SELECT id::text FROM growbin.users WHERE id = $1::uuid", [Guid.NewGuid().ToString()]);

        rows.Should().BeEmpty();
    }

    [Fact]
    public async Task A_refused_statement_carries_the_servers_sqlstate_and_message()
    {
        var orphan = () => _sql.ExecAsync(
            "INSERT INTO growbin.user_identities (provider, subject, user_id) VALUES ('kakao', '1', $1::uuid)",
            [Guid.NewGuid().ToString()]);

        var refused = (await orphan.Should().ThrowAsync<PostgresBindingException>()).Which;
        refused.SqlState.Should().Be(PostgresBindingException.ForeignKeyViolation);
        refused.ServerMessage.Should().Be(
            "insert or update on table \"user_identities\" violates foreign key constraint \"user_identities_user_id_fkey\"");
        refused.IsUnavailable.Should().BeFalse();
    }

    [Fact]
    public async Task A_query_keeps_its_order_and_limit_inside_the_answered_wrapper()
    {
        var direct = new List<(int, string)>();
        await using (var command = _db.Sql.CreateCommand(
            "SELECT g, md5(g::text) FROM generate_series(1, 2000) AS g ORDER BY md5(g::text) DESC LIMIT $1"))
        {
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = 300 });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                direct.Add((reader.GetInt32(0), reader.GetString(1)));
            }
        }

        var rows = await _sql.QueryAsync(
            "SELECT g, md5(g::text) FROM generate_series(1, 2000) AS g ORDER BY md5(g::text) DESC LIMIT $1::int", [300]);

        rows.Select(r => (r[0].GetInt32(), r[1].GetString()!)).Should().Equal(direct);
    }

    [Fact]
    public async Task A_query_with_ctes_params_and_a_trailing_comment_or_semicolon_runs_inside_the_wrapper()
    {
        var rows = await _sql.QueryAsync("""
            WITH wanted AS (SELECT unnest(string_to_array($1::text, ',')) AS name),
                 numbered AS (SELECT name, row_number() OVER (ORDER BY name) AS n FROM wanted)
            SELECT n, name, n AS n FROM numbered WHERE n <= $2::int ORDER BY n DESC -- the two first names
            """, ["다,가,나", 2]);
        var ended = await _sql.QueryAsync("SELECT $1::int; ", [7]);

        rows.Select(r => (r[0].GetInt64(), r[1].GetString(), r[2].GetInt64())).Should().Equal((2, "나", 2), (1, "가", 1));
        ended.Should().ContainSingle().Which.Single().GetInt32().Should().Be(7);
    }

    [Fact]
    public async Task A_query_that_fails_while_it_runs_is_an_exception_without_sqlstate_not_an_empty_list()
    {
        var id = await _sql.QueryAsync("SELECT id::text FROM growbin.users WHERE nickname = $1", ["없음"]);
        using var denied = _db.Binding.DenyAtExecution(s => s.Sql.Contains("growbin.users", StringComparison.Ordinal));

        var read = () => _sql.QueryAsync("SELECT id::text FROM growbin.users WHERE nickname = $1", ["없음"]);

        id.Should().BeEmpty("without the fault the same read has no rows");
        var failed = (await read.Should().ThrowAsync<PostgresBindingException>()).Which;
        failed.SqlState.Should().BeNull();
        failed.IsUnavailable.Should().BeTrue();
        _db.Binding.Executed[^1].HiddenError.Should().Contain("(SQLSTATE 42501)", "the binding answered [] with success");
    }

    [Fact]
    public async Task A_query_whose_rows_stop_partway_is_an_exception_not_a_shorter_list()
    {
        // PostgreSQL casts as each row leaves the window, so the rows before the bad one are sent first.
        var cast = () => _sql.QueryAsync(
            "SELECT (CASE WHEN g = 300 THEN 'x' ELSE g::text END)::int FROM generate_series(1, 500) AS g", []);
        (await cast.Should().ThrowAsync<PostgresBindingException>()).Which.Message.Should().Contain("299 of 500 rows");

        using var drop = _db.Binding.DropConnectionAt(s => s.Sql.Contains("generate_series", StringComparison.Ordinal), afterRows: 2);
        var dropped = () => _sql.QueryAsync("SELECT g FROM generate_series(1, 5) AS g", []);
        (await dropped.Should().ThrowAsync<PostgresBindingException>()).Which.Message.Should().Contain("2 of 5 rows");
    }

    [Fact]
    public async Task A_query_whose_connection_drops_before_any_row_is_an_exception()
    {
        using var drop = _db.Binding.DropConnectionAt(s => s.Sql.Contains("growbin.users", StringComparison.Ordinal));

        var read = () => _sql.QueryAsync("SELECT id::text FROM growbin.users", []);

        (await read.Should().ThrowAsync<PostgresBindingException>()).Which.SqlState.Should().BeNull();
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("08006", true)]
    [InlineData("53300", true)]
    [InlineData("57014", true)]
    [InlineData("57P01", true)]
    [InlineData("40001", true)]
    [InlineData("40P01", true)]
    [InlineData("23505", false)]
    [InlineData("42501", false)]
    [InlineData("42P01", false)]
    public void Only_states_that_say_not_now_are_unavailable(string? sqlState, bool unavailable)
    {
        new PostgresBindingException(new global::Dapr.DaprException("failed"), sqlState).IsUnavailable.Should().Be(unavailable);
    }
}
