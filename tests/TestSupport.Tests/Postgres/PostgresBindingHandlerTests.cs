using System.Text;
using Dapr.Client;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Postgres;
using Grpc.Core;

namespace Growbin.TestSupport.Tests.Postgres;

/// <summary>
/// What <see cref="PostgresBindingHandler"/> does that is its own: its fault hooks (DenyAtExecution, DropConnectionAt),
/// the statements it records, and where it differs from bindings.postgresql. Every behaviour it shares with the
/// component is in tests/Fidelity.Tests/PostgresBindingFidelityTests.cs.
/// </summary>
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
        "CREATE TABLE bins (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), n int NOT NULL, name text)");

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

    /// <remarks>
    /// Not a fidelity test, because of one value: pgx v5.7.4 decodes interval as pgtype.Interval (pgtype/interval.go
    /// IntervalCodec.DecodeValue), which has no MarshalJSON, so bindings.postgresql answers
    /// {"Microseconds":0,"Days":1,"Months":0,"Valid":true} where the handler answers the text "1 day". The other
    /// values follow pgx and json.Marshal.
    /// </remarks>
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
    public async Task Executed_statements_are_recorded_with_their_params()
    {
        await Exec("INSERT INTO bins (n, name) VALUES ($1, $2)", """[3, "three"]""");

        var statement = _postgres.Executed[^1];
        statement.Operation.Should().Be("exec");
        statement.Sql.Should().Be("INSERT INTO bins (n, name) VALUES ($1, $2)");
        statement.Params.Select(p => p.ToString()).Should().Equal("3", "three");
    }

    /// <remarks>
    /// Not a fidelity test: contrib bindings/postgres/postgres.go Invoke answers <c>close</c> by closing its pool
    /// (<c>p.Close()</c>, every later call "component is closed"); the handler is shared by a test's apps and refuses it.
    /// </remarks>
    [Fact]
    public async Task Close_operation_is_refused()
    {
        var act = () => _dapr.InvokeBindingAsync(new BindingRequest("pg", "close"));

        (await act.Should().ThrowAsync<global::Dapr.DaprException>())
            .WithInnerException<RpcException>()
            .Which.Status.DebugException.Should().BeOfType<NotSupportedException>();
    }
}
