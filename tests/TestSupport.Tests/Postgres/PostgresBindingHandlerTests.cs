using System.Text;
using System.Text.Json;
using Dapr.Client;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Postgres;
using Grpc.Core;

namespace Growbin.TestSupport.Tests.Postgres;

public sealed class PostgresBindingHandlerTests : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private readonly PostgresBindingHandler _postgres;
    private readonly InMemoryDaprClient _dapr = new();

    public PostgresBindingHandlerTests(PostgresDatabaseFixture database)
    {
        _postgres = new PostgresBindingHandler(database.ConnectionString);
        _dapr.RegisterBinding("pg", _postgres);
    }

    public Task InitializeAsync() => Exec("DROP TABLE IF EXISTS bins; " +
        "CREATE TABLE bins (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), n int NOT NULL, name text, " +
        "placed timestamptz, spot geography(Point, 4326), tags text[], extra jsonb)");

    public async Task DisposeAsync() => await _postgres.DisposeAsync();

    private Task<BindingResponse> Exec(string sql, string? paramsJson = null) => Invoke("exec", sql, paramsJson);

    private Task<BindingResponse> Invoke(string operation, string sql, string? paramsJson = null)
    {
        var request = new BindingRequest("pg", operation);
        request.Metadata["sql"] = sql;
        if (paramsJson is not null)
        {
            request.Metadata["params"] = paramsJson;
        }

        return _dapr.InvokeBindingAsync(request);
    }

    private async Task<string> Query(string sql, string? paramsJson = null) =>
        Encoding.UTF8.GetString((await Invoke("query", sql, paramsJson)).Data.Span);

    [Fact]
    public async Task Exec_binds_positional_params_and_reports_rows_affected()
    {
        var response = await Exec("INSERT INTO bins (n, name, placed) VALUES ($1, $2, $3), ($4, $5, $6)",
            """[1, "one", "2020-09-24T11:45:05Z", 2, "two", null]""");

        response.Data.IsEmpty.Should().BeTrue();
        response.Metadata["rows-affected"].Should().Be("2");
        response.Metadata["operation"].Should().Be("exec");
        response.Metadata["sql"].Should().StartWith("INSERT INTO bins");
        response.Metadata.Should().ContainKeys("start-time", "end-time", "duration");
        DateTimeOffset.Parse(response.Metadata["start-time"], System.Globalization.CultureInfo.InvariantCulture)
            .Should().BeOnOrBefore(DateTimeOffset.Parse(response.Metadata["end-time"], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Query_returns_rows_as_positional_arrays()
    {
        await Exec("INSERT INTO bins (n, name) VALUES (1, 'one'), (2, 'two')");

        var json = await Query("SELECT n, name FROM bins WHERE n >= $1 ORDER BY n", "[1]");

        json.Should().Be("""[[1,"one"],[2,"two"]]""");
    }

    [Fact]
    public async Task Query_without_rows_returns_an_empty_array()
    {
        (await Query("SELECT n FROM bins")).Should().Be("[]");
    }

    [Fact]
    public async Task Uuid_column_comes_back_as_byte_array_like_pgx()
    {
        await Exec("INSERT INTO bins (id, n) VALUES ($1, 1)", """["00010203-0405-0607-0809-0a0b0c0d0e0f"]""");

        var json = await Query("SELECT id, id::text FROM bins");

        json.Should().Be("""[[[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15],"00010203-0405-0607-0809-0a0b0c0d0e0f"]]""");
    }

    [Fact]
    public async Task Timestamptz_is_written_in_the_sidecar_time_zone_with_its_offset()
    {
        const string sql = "SELECT '2026-12-03 14:05:00.123456+00'::timestamptz, '2026-07-01 00:00:00+00'::timestamptz, " +
            "ARRAY['2026-12-03 14:05:00+00'::timestamptz], '2026-12-03 14:05:00'::timestamp";

        var seoul = await Query(sql);
        _postgres.SidecarTimeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var berlin = await Query(sql);
        _postgres.SidecarTimeZone = TimeZoneInfo.Utc;
        var utc = await Query(sql);

        seoul.Should().Be("""[["2026-12-03T23:05:00.123456+09:00","2026-07-01T09:00:00+09:00",["2026-12-03T23:05:00+09:00"],"2026-12-03T14:05:00Z"]]""");
        berlin.Should().Be("""[["2026-12-03T15:05:00.123456+01:00","2026-07-01T02:00:00+02:00",["2026-12-03T15:05:00+01:00"],"2026-12-03T14:05:00Z"]]""");
        utc.Should().Be("""[["2026-12-03T14:05:00.123456Z","2026-07-01T00:00:00Z",["2026-12-03T14:05:00Z"],"2026-12-03T14:05:00Z"]]""");
    }

    [Fact]
    public async Task A_query_that_fails_while_it_runs_answers_the_rows_read_so_far_and_records_the_hidden_error()
    {
        await Exec("INSERT INTO bins (n, name) VALUES (1, '1'), (2, '2'), (3, 'three'), (4, '4')");

        // A seq scan of a fresh table yields rows in insertion order: the cast fails on the third.
        var json = await Query("SELECT name::int FROM bins");

        json.Should().Be("[[1],[2]]");
        _postgres.Executed[^1].HiddenError.Should().Be("ERROR: invalid input syntax for type integer: \"three\" (SQLSTATE 22P02)");
    }

    [Fact]
    public async Task A_write_sent_as_a_query_that_violates_a_constraint_answers_an_empty_success_and_writes_nothing()
    {
        var json = await Query("INSERT INTO bins (n) VALUES ($1::int) RETURNING n", "[null]");

        json.Should().Be("[]");
        _postgres.Executed[^1].HiddenError.Should().Contain("(SQLSTATE 23502)");
        (await Query("SELECT count(*) FROM bins")).Should().Be("[[0]]");
    }

    [Fact]
    public async Task A_parameter_the_server_cannot_read_fails_after_prepare_so_a_query_hides_it_and_exec_reports_it()
    {
        var query = await Query("SELECT n FROM bins WHERE id = $1::uuid", """["not-a-uuid"]""");
        var exec = () => Exec("DELETE FROM bins WHERE id = $1::uuid", """["not-a-uuid"]""");

        query.Should().Be("[]");
        (await exec.Should().ThrowAsync<global::Dapr.DaprException>()).WithInnerException<RpcException>()
            .Which.Status.Detail.Should().Be(
                "error invoking output binding pg: error executing query: ERROR: invalid input syntax for type uuid: \"not-a-uuid\" (SQLSTATE 22P02)");
    }

    [Fact]
    public async Task Exec_reports_constraint_violations_with_their_sqlstate_and_the_tag_count_of_any_statement()
    {
        var violation = () => Exec("INSERT INTO bins (n) VALUES ($1::int)", "[null]");
        await Exec("INSERT INTO bins (n) VALUES (1), (2), (3)");

        (await violation.Should().ThrowAsync<global::Dapr.DaprException>()).WithInnerException<RpcException>()
            .Which.Status.Detail.Should().Contain("violates not-null constraint").And.EndWith("(SQLSTATE 23502)");
        (await Exec("SELECT n FROM bins WHERE n >= $1::int", "[2]")).Metadata["rows-affected"].Should().Be("2");
        (await Exec("UPDATE bins SET name = 'x' WHERE n = 1; DELETE FROM bins WHERE n > 1")).Metadata["rows-affected"].Should().Be("2");
        (await Exec("CREATE INDEX ON bins (n)")).Metadata["rows-affected"].Should().Be("0");
    }

    [Fact]
    public async Task Deny_at_execution_prepares_the_statement_then_refuses_it_while_it_runs()
    {
        await Exec("INSERT INTO bins (n) VALUES (1)");
        using (_postgres.DenyAtExecution(s => s.Sql.Contains("FROM bins", StringComparison.Ordinal) || s.Sql.StartsWith("UPDATE", StringComparison.Ordinal)))
        {
            var query = await Query("SELECT n FROM bins");
            var exec = () => Exec("UPDATE bins SET n = $1::int", "[2]");
            var prepare = () => Query("SELECT nope FROM bins");

            query.Should().Be("[]");
            _postgres.Executed[^1].HiddenError.Should().Be("ERROR: permission denied for table bins (SQLSTATE 42501)");
            (await exec.Should().ThrowAsync<global::Dapr.DaprException>()).WithInnerException<RpcException>()
                .Which.Status.Detail.Should().EndWith("permission denied for table bins (SQLSTATE 42501)");
            (await prepare.Should().ThrowAsync<global::Dapr.DaprException>()).WithInnerException<RpcException>()
                .Which.Status.Detail.Should().Contain("(SQLSTATE 42703)", "errors at prepare are still reported");
        }

        (await Query("SELECT n FROM bins")).Should().Be("[[1]]", "the UPDATE was refused, and the fault is gone");
        _postgres.Executed[^1].HiddenError.Should().BeNull();
    }

    [Fact]
    public async Task A_dropped_connection_answers_a_query_with_the_rows_read_and_fails_an_exec_without_sqlstate()
    {
        await Exec("INSERT INTO bins (n) VALUES (1), (2), (3)");
        using var drop = _postgres.DropConnectionAt(s => s.Sql.Contains("bins", StringComparison.Ordinal), afterRows: 1);

        var query = await Query("SELECT n FROM bins ORDER BY n");
        var exec = () => Exec("DELETE FROM bins");

        query.Should().Be("[[1]]");
        _postgres.Executed[^1].HiddenError.Should().Be("unexpected EOF");
        (await exec.Should().ThrowAsync<global::Dapr.DaprException>()).WithInnerException<RpcException>()
            .Which.Status.Detail.Should().Be("error invoking output binding pg: error executing query: unexpected EOF");
        drop.Dispose();
        (await Query("SELECT count(*) FROM bins")).Should().Be("[[3]]", "the DELETE never reached the server");
    }

    [Fact]
    public async Task Values_convert_the_way_pgx_and_json_Marshal_would()
    {
        var json = await Query(
            "SELECT 7::int8, 1.5::float8, 12.50::numeric, true, NULL::text, " +
            "'2024-01-02 03:04:05.25+02'::timestamptz, '2024-01-02 03:04:05'::timestamp, '2024-01-02'::date, " +
            "'\\x0102'::bytea, '{\"b\":1,\"a\":[1,2]}'::jsonb, ARRAY[1,NULL,3], ARRAY['a b','c\"d'], '1 day'::interval");

        json.Should().Be(
            """"[[7,1.5,12.50,true,null,"2024-01-02T10:04:05.25+09:00","2024-01-02T03:04:05Z","2024-01-02T00:00:00Z","AQI=",{"a":[1,2],"b":1},[1,null,3],["a b","c\"d"],"1 day"]]"""");
    }

    [Fact]
    public async Task Geography_comes_back_as_its_text_form_and_params_can_build_it()
    {
        await Exec("INSERT INTO bins (n, spot) VALUES (1, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography)", "[13.4, 52.5]");

        var json = await Query("SELECT spot, ST_X(spot::geometry), ST_Y(spot::geometry) FROM bins");

        using var rows = JsonDocument.Parse(json);
        var row = rows.RootElement[0];
        row[0].GetString().Should().StartWith("0101000020E6100000");
        row[1].GetDouble().Should().Be(13.4);
        row[2].GetDouble().Should().Be(52.5);
    }

    [Fact]
    public async Task Json_and_array_params_are_sent_as_their_json_text()
    {
        await Exec("INSERT INTO bins (n, tags, extra) VALUES ($1, ARRAY(SELECT jsonb_array_elements_text($2::jsonb)), $3::jsonb)",
            """[5, ["x","y"], {"k": true}]""");

        (await Query("SELECT tags, extra FROM bins")).Should().Be("""[[["x","y"],{"k":true}]]""");
    }

    [Fact]
    public async Task Executed_statements_are_recorded_with_their_params()
    {
        await Exec("INSERT INTO bins (n, name) VALUES ($1, $2)", """[3, "three"]""");

        var statement = _postgres.Executed[^1];
        statement.Operation.Should().Be("exec");
        statement.Sql.Should().Be("INSERT INTO bins (n, name) VALUES ($1, $2)");
        statement.Params.Select(p => p.ToString()).Should().Equal("3", "three");
    }

    [Fact]
    public async Task Missing_sql_metadata_is_an_error()
    {
        var act = () => _dapr.InvokeBindingAsync(new BindingRequest("pg", "query"));

        (await act.Should().ThrowAsync<global::Dapr.DaprException>())
            .WithInnerException<RpcException>()
            .Which.Status.Detail.Should().Be("error invoking output binding pg: required metadata not set: sql");
    }

    [Fact]
    public async Task Params_that_are_not_a_json_array_are_an_error()
    {
        var act = () => Query("SELECT $1::int", "{not json");

        (await act.Should().ThrowAsync<global::Dapr.DaprException>())
            .WithInnerException<RpcException>()
            .Which.Status.Detail.Should().Contain("invalid metadata property params: failed to unserialize into an array");
    }

    [Fact]
    public async Task Sql_errors_carry_the_postgres_message_and_sqlstate()
    {
        var act = () => Query("SELECT * FROM no_such_table");

        (await act.Should().ThrowAsync<global::Dapr.DaprException>())
            .WithInnerException<RpcException>()
            .Which.Status.Detail.Should().Contain("relation \"no_such_table\" does not exist (SQLSTATE 42P01)");
    }

    [Fact]
    public async Task Close_operation_is_refused()
    {
        var act = () => _dapr.InvokeBindingAsync(new BindingRequest("pg", "close"));

        (await act.Should().ThrowAsync<global::Dapr.DaprException>())
            .WithInnerException<RpcException>()
            .Which.Status.DebugException.Should().BeOfType<NotSupportedException>();
    }
}
