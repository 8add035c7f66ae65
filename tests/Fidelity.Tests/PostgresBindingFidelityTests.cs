using System.Text;
using System.Text.Json;
using Dapr.Client;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Postgres;
using Grpc.Core;

namespace Growbin.Fidelity.Tests;

/// <summary>
/// bindings.postgresql as components-contrib implements it (bindings/postgres/postgres.go: <c>Invoke</c>,
/// <c>query</c>, <c>exec</c>, on pgx v5 5.7.x with its default exec mode, QueryExecModeCacheStatement), against
/// <see cref="PostgresBindingHandler"/> behind <see cref="InMemoryDaprClient"/> on a real PostgreSQL
/// (<see cref="PostgresServer"/>). Paths under jackc/pgx are at v5.7.4, the version contrib's go.mod names.
/// </summary>
public sealed class PostgresBindingFidelityTests : IClassFixture<PostgresBindingFidelityTests.Database>, IAsyncLifetime
{
    private const string Binding = "pg";

    private readonly InMemoryDaprClient _dapr = new();
    private readonly PostgresBindingHandler _postgres;

    public PostgresBindingFidelityTests(Database database)
    {
        _postgres = new PostgresBindingHandler(database.ConnectionString);
        _dapr.RegisterBinding(Binding, _postgres);
    }

    public Task InitializeAsync() => ExecAsync(
        "DROP TABLE IF EXISTS bins; CREATE TABLE bins (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), n int NOT NULL, " +
        "label text, placed timestamptz, spot geography(Point, 4326), tags text[], extra jsonb)");

    public async Task DisposeAsync()
    {
        await _postgres.DisposeAsync();
        _dapr.Dispose();
    }

    /// <remarks>
    /// postgres.go query: <c>for rows.Next() { rows.Values() … }</c> then json.Marshal, with no <c>rows.Err()</c>
    /// check. pgx's Query only sends Bind/Execute after preparing (conn.go Query); an ErrorResponse to Execute ends
    /// <c>rows.Next()</c> with the error kept in <c>rows.Err()</c> (rows.go Next, Close). So the caller gets success.
    /// </remarks>
    [Fact]
    public async Task A_query_that_fails_while_it_runs_answers_an_empty_success()
    {
        await ExecAsync("INSERT INTO bins (n, label) VALUES (1, 'one')");

        var rows = await QueryAsync("SELECT label::int FROM bins");

        rows.Should().Be("[]");
        _postgres.Executed[^1].HiddenError.Should().Be("ERROR: invalid input syntax for type integer: \"one\" (SQLSTATE 22P02)");
    }

    /// <remarks>postgres.go query appends each row as it comes; when rows.Next() stops on an error, the rows so far are marshalled.</remarks>
    [Fact]
    public async Task A_query_that_fails_after_some_rows_answers_those_rows_as_success()
    {
        await ExecAsync("INSERT INTO bins (n, label) VALUES (1, '1'), (2, '2'), (3, 'three'), (4, '4')");

        // A sequential scan of a fresh table yields its rows in insertion order: the cast fails on the third.
        (await QueryAsync("SELECT label::int FROM bins")).Should().Be("[[1],[2]]");
        _postgres.Executed[^1].HiddenError.Should().Be("ERROR: invalid input syntax for type integer: \"three\" (SQLSTATE 22P02)");
    }

    /// <remarks>
    /// The same rows.Err() gap for a write sent as a query: the constraint is checked while the statement runs, the
    /// statement is rolled back, and the caller sees <c>[]</c>. Only exec reports it.
    /// </remarks>
    [Fact]
    public async Task A_write_sent_as_a_query_that_violates_a_constraint_answers_an_empty_success_and_writes_nothing()
    {
        var rows = await QueryAsync("INSERT INTO bins (n) VALUES ($1::int) RETURNING n", "[null]");

        rows.Should().Be("[]");
        _postgres.Executed[^1].HiddenError.Should().Contain("(SQLSTATE 23502)");
        (await QueryAsync("SELECT count(*) FROM bins")).Should().Be("[[0]]");
    }

    /// <remarks>
    /// pgx sends string arguments in text format (extended_query_builder.go chooseParameterFormatCode), so the server
    /// parses them at Bind, after the statement was prepared: a string it cannot read is an execution error, hidden
    /// by query like any other; postgres.go exec returns it, wrapped as <c>error executing query: %w</c>.
    /// </remarks>
    [Fact]
    public async Task A_parameter_the_server_cannot_read_fails_after_prepare_so_a_query_hides_it_and_exec_reports_it()
    {
        var query = await QueryAsync("SELECT n FROM bins WHERE id = $1::uuid", """["not-a-uuid"]""");
        var exec = () => ExecAsync("DELETE FROM bins WHERE id = $1::uuid", """["not-a-uuid"]""");

        query.Should().Be("[]");
        (await Detail(exec)).Should().Be(
            "error invoking output binding pg: error executing query: ERROR: invalid input syntax for type uuid: \"not-a-uuid\" (SQLSTATE 22P02)");
    }

    /// <remarks>
    /// pgx conn.go Query prepares first (getStatementDescription) and returns its error; postgres.go query wraps it
    /// as <c>error executing query: %w</c>, pgconn's PgError.Error() is <c>SEVERITY: message (SQLSTATE code)</c>
    /// (pgconn/errors.go), and daprd answers the gRPC call with <c>error invoking output binding NAME: …</c>.
    /// </remarks>
    [Fact]
    public async Task A_query_that_cannot_be_prepared_is_an_error_with_the_sqlstate()
    {
        var unknownColumn = () => QueryAsync("SELECT nope FROM bins");
        var unknownTable = () => QueryAsync("SELECT 1 FROM no_such_table");

        (await Detail(unknownColumn)).Should().Be(
            "error invoking output binding pg: error executing query: ERROR: column \"nope\" does not exist (SQLSTATE 42703)");
        (await Detail(unknownTable)).Should().EndWith("relation \"no_such_table\" does not exist (SQLSTATE 42P01)");
    }

    /// <remarks>postgres.go exec: <c>p.db.Exec</c>'s error is returned, wrapped as <c>error executing query: %w</c>; pgx Exec reads every result (conn.go execPrepared).</remarks>
    [Fact]
    public async Task Exec_reports_an_error_raised_while_the_statement_runs_with_its_sqlstate()
    {
        await ExecAsync("INSERT INTO bins (n) VALUES (1)");

        var duplicate = () => ExecAsync("INSERT INTO bins (id, n) SELECT id, 2 FROM bins");
        var nullN = () => ExecAsync("INSERT INTO bins (n) VALUES ($1::int)", "[null]");

        (await Detail(duplicate)).Should().Be("error invoking output binding pg: error executing query: " +
            "ERROR: duplicate key value violates unique constraint \"bins_pkey\" (SQLSTATE 23505)");
        (await Detail(nullN)).Should().EndWith("violates not-null constraint (SQLSTATE 23502)");
    }

    /// <remarks>
    /// postgres.go Invoke: <c>params</c> is json.Unmarshal'ed into <c>[]any</c> and passed to pgx Exec as positional
    /// arguments (JSON numbers as float64, strings sent as text and read by the server for the column's type, null as
    /// NULL); <c>start-time</c> and <c>end-time</c> are UTC RFC 3339 taken before and after the statement.
    /// </remarks>
    [Fact]
    public async Task Exec_binds_positional_params_and_reports_rows_affected()
    {
        var response = await ExecAsync("INSERT INTO bins (n, label, placed) VALUES ($1, $2, $3), ($4, $5, $6)",
            """[1, "one", "2020-09-24T11:45:05Z", 2, "two", null]""");

        response.Data.IsEmpty.Should().BeTrue();
        response.Metadata["rows-affected"].Should().Be("2");
        response.Metadata["operation"].Should().Be("exec");
        response.Metadata["sql"].Should().StartWith("INSERT INTO bins");
        response.Metadata.Should().ContainKeys("start-time", "end-time", "duration");
        DateTimeOffset.Parse(response.Metadata["start-time"], System.Globalization.CultureInfo.InvariantCulture)
            .Should().BeOnOrBefore(DateTimeOffset.Parse(response.Metadata["end-time"], System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <remarks>
    /// postgres.go Invoke sets <c>rows-affected</c> to <c>strconv.FormatInt(res.RowsAffected(), 10)</c>; pgconn
    /// CommandTag.RowsAffected (pgconn/pgconn.go) is the tag's trailing number: "INSERT 0 2" 2, "SELECT 3" 3, and 0
    /// for a tag without one ("CREATE INDEX"). Without arguments pgx Exec uses the simple protocol and returns the
    /// last statement's tag (conn.go exec, execSimpleProtocol).
    /// </remarks>
    [Fact]
    public async Task Exec_reports_rows_affected_as_the_count_in_the_command_tag()
    {
        (await ExecAsync("INSERT INTO bins (n) VALUES ($1::int), ($2::int)", "[1, 2]")).Metadata["rows-affected"].Should().Be("2");
        (await ExecAsync("UPDATE bins SET label = 'x' WHERE n > $1::int", "[5]")).Metadata["rows-affected"].Should().Be("0");
        (await ExecAsync("SELECT n FROM bins, generate_series(1, 2) WHERE n < $1::int", "[2]")).Metadata["rows-affected"].Should().Be("2");
        (await ExecAsync("CREATE INDEX ON bins (n)")).Metadata["rows-affected"].Should().Be("0");
        (await ExecAsync("DELETE FROM bins WHERE n = 1; UPDATE bins SET label = 'y'")).Metadata["rows-affected"].Should().Be("1");
    }

    /// <remarks>
    /// postgres.go Invoke: metadata <c>operation</c>, <c>sql</c>, <c>start-time</c>, then <c>end-time</c> and
    /// <c>duration</c> (Go's Duration.String()); <c>rows-affected</c> only for exec, <c>Data</c> only for query.
    /// </remarks>
    [Fact]
    public async Task Responses_carry_the_operation_sql_and_timings_and_exec_no_data()
    {
        var exec = await ExecAsync("INSERT INTO bins (n) VALUES (1)");
        var query = await InvokeAsync("query", "SELECT n FROM bins");

        exec.Data.IsEmpty.Should().BeTrue();
        exec.Metadata.Keys.Should().BeEquivalentTo(["operation", "sql", "start-time", "end-time", "duration", "rows-affected"]);
        query.Metadata.Keys.Should().BeEquivalentTo(["operation", "sql", "start-time", "end-time", "duration"]);
        query.Metadata["operation"].Should().Be("query");
        query.Metadata["sql"].Should().Be("SELECT n FROM bins");
        query.Metadata["start-time"].Should().EndWith("Z");
    }

    /// <remarks>
    /// postgres.go query: <c>rs := make([]any, 0)</c>, one <c>rows.Values()</c> slice per row, json.Marshal: an
    /// array of positional arrays, and <c>[]</c> (not null) without rows.
    /// </remarks>
    [Fact]
    public async Task A_query_answers_an_array_of_positional_row_arrays_and_no_rows_is_an_empty_array()
    {
        (await QueryAsync("SELECT n FROM bins")).Should().Be("[]");
        await ExecAsync("INSERT INTO bins (n, label) VALUES (2, 'b'), (1, NULL)");

        (await QueryAsync("SELECT n, label FROM bins ORDER BY n")).Should().Be("""[[1,null],[2,"b"]]""");
    }

    /// <remarks>
    /// rows.Values() types, then json.Marshal: uuid as [16]byte, so 16 numbers (pgtype/uuid.go), which is why
    /// services select <c>id::text</c>; int and float8 as numbers; numeric through pgtype.Numeric's MarshalJSON, a
    /// JSON number (pgtype/numeric.go); bool; jsonb decoded (pgtype/json.go).
    /// </remarks>
    [Fact]
    public async Task Column_values_have_the_json_shapes_services_read()
    {
        var json = await QueryAsync("SELECT '00010203-0405-0607-0809-0a0b0c0d0e0f'::uuid, '00010203-0405-0607-0809-0a0b0c0d0e0f'::uuid::text, " +
            "42, 37.5665::float8, 12.50::numeric, false, '{\"b\":1,\"a\":\"x\"}'::jsonb");

        json.Should().Be("""[[[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15],"00010203-0405-0607-0809-0a0b0c0d0e0f",42,37.5665,12.50,false,{"a":"x","b":1}]]""");
    }

    /// <remarks>
    /// pgtype/timestamptz.go (scanPlanBinaryTimestamptzToTimestamptzScanner) builds the value with time.Unix, which
    /// is in the sidecar's time.Local; Go's Time.MarshalJSON writes RFC 3339 with nanoseconds and that zone's offset
    /// for that instant (summer time included). A sidecar in Seoul answers +09:00, one in UTC "Z". Array elements
    /// decode the same way (pgtype/array_codec.go DecodeValue → []any); timestamp stays UTC (pgtype/timestamp.go).
    /// </remarks>
    [Fact]
    public async Task Timestamptz_is_written_in_the_sidecar_time_zone_with_its_offset()
    {
        const string sql = "SELECT '2026-12-03 14:05:00.123456+00'::timestamptz, '2026-07-01 00:00:00+00'::timestamptz, " +
            "ARRAY['2026-12-03 14:05:00+00'::timestamptz], '2026-12-03 14:05:00'::timestamp";

        var seoul = await QueryAsync(sql);
        _postgres.SidecarTimeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var berlin = await QueryAsync(sql);
        _postgres.SidecarTimeZone = TimeZoneInfo.Utc;
        var utc = await QueryAsync(sql);

        seoul.Should().Be("""[["2026-12-03T23:05:00.123456+09:00","2026-07-01T09:00:00+09:00",["2026-12-03T23:05:00+09:00"],"2026-12-03T14:05:00Z"]]""");
        berlin.Should().Be("""[["2026-12-03T15:05:00.123456+01:00","2026-07-01T02:00:00+02:00",["2026-12-03T15:05:00+01:00"],"2026-12-03T14:05:00Z"]]""");
        utc.Should().Be("""[["2026-12-03T14:05:00.123456Z","2026-07-01T00:00:00Z",["2026-12-03T14:05:00Z"],"2026-12-03T14:05:00Z"]]""");
    }

    /// <remarks>pgtype/timestamp.go decodes with <c>time.Unix(…).UTC()</c> and pgtype/date.go with time.UTC: no local offset.</remarks>
    [Fact]
    public async Task Timestamp_and_date_come_back_in_utc()
    {
        (await QueryAsync("SELECT '2026-12-03 14:05:00.5'::timestamp, '2026-12-03'::date"))
            .Should().Be("""[["2026-12-03T14:05:00.5Z","2026-12-03T00:00:00Z"]]""");
    }

    /// <remarks>
    /// pgx asks for an unknown type's result in text (extended_query_builder.go Build, pgtype/pgtype.go
    /// FormatCodeForOID) and rows.go Values returns a type its Map has no codec for (PostGIS geography) as that text,
    /// a string of hex EWKB. The float arguments build the point with ST_MakePoint; ST_X / ST_Y are float8 numbers.
    /// </remarks>
    [Fact]
    public async Task Geography_comes_back_as_its_text_form_and_params_can_build_it()
    {
        await ExecAsync("INSERT INTO bins (n, spot) VALUES (1, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography)", "[13.4, 52.5]");

        var json = await QueryAsync("SELECT spot, ST_X(spot::geometry), ST_Y(spot::geometry) FROM bins");

        using var rows = JsonDocument.Parse(json);
        var row = rows.RootElement[0];
        row[0].GetString().Should().StartWith("0101000020E6100000");
        row[1].GetDouble().Should().Be(13.4);
        row[2].GetDouble().Should().Be(52.5);
    }

    /// <remarks>
    /// postgres.go Invoke unmarshals <c>params</c> into <c>[]any</c>, so a nested array or object is a Go []any or
    /// map[string]any; pgx encodes it for a jsonb parameter with json.Marshal (pgtype/jsonb.go, pgtype/json.go PlanEncode), and
    /// text[] and jsonb columns come back decoded (pgtype/array_codec.go, pgtype/json.go DecodeValue).
    /// </remarks>
    [Fact]
    public async Task Json_and_array_params_are_sent_as_their_json_text()
    {
        await ExecAsync("INSERT INTO bins (n, tags, extra) VALUES ($1, ARRAY(SELECT jsonb_array_elements_text($2::jsonb)), $3::jsonb)",
            """[5, ["x","y"], {"k": true}]""");

        (await QueryAsync("SELECT tags, extra FROM bins")).Should().Be("""[[["x","y"],{"k":true}]]""");
    }

    /// <remarks>postgres.go Invoke: <c>required metadata not set: sql</c>; params must unmarshal into <c>[]any</c>.</remarks>
    [Fact]
    public async Task Sql_is_required_and_params_must_be_a_json_array()
    {
        var noSql = () => _dapr.InvokeBindingAsync(new BindingRequest(Binding, "query"));
        var notArray = () => QueryAsync("SELECT $1::int", """{"a":1}""");

        (await Detail(noSql)).Should().Be("error invoking output binding pg: required metadata not set: sql");
        (await Detail(notArray)).Should().StartWith(
            "error invoking output binding pg: invalid metadata property params: failed to unserialize into an array");
    }

    private static async Task<string> Detail(Func<Task> call) =>
        (await call.Should().ThrowAsync<global::Dapr.DaprException>()).WithInnerException<RpcException>().Which.Status.Detail;

    private Task<BindingResponse> ExecAsync(string sql, string? paramsJson = null) => InvokeAsync("exec", sql, paramsJson);

    private async Task<string> QueryAsync(string sql, string? paramsJson = null) =>
        Encoding.UTF8.GetString((await InvokeAsync("query", sql, paramsJson)).Data.Span);

    private Task<BindingResponse> InvokeAsync(string operation, string sql, string? paramsJson = null)
    {
        var request = new BindingRequest(Binding, operation);
        request.Metadata["sql"] = sql;
        if (paramsJson is not null)
        {
            request.Metadata["params"] = paramsJson;
        }

        return _dapr.InvokeBindingAsync(request);
    }

    /// <summary>One database on the shared throwaway server for the class.</summary>
    public sealed class Database : IAsyncLifetime
    {
        public string ConnectionString { get; private set; } = string.Empty;

        public async Task InitializeAsync() => ConnectionString = await PostgresServer.Shared.CreateDatabaseAsync("fidelity_postgres");

        public Task DisposeAsync() => Task.CompletedTask;
    }
}
