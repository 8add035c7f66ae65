using System.Buffers;
using System.Data;
using System.Globalization;
using System.Text.Json;
using Dapr.Client;
using Growbin.TestSupport.Dapr;
using Npgsql;
using NpgsqlTypes;

namespace Growbin.TestSupport.Postgres;

/// <summary>
/// Plays Dapr's bindings.postgresql on a real PostgreSQL: operations exec and query, SQL in metadata <c>sql</c>,
/// positional arguments in metadata <c>params</c> (a string holding a JSON array), query results as a JSON array of
/// positional row arrays, response metadata as the component sets it. Dispose it to close its connection pool.
/// <para>
/// Like the component (dapr/components-contrib bindings/postgres/postgres.go, <c>query</c>), a query reports only the
/// errors pgx returns from <c>Query</c>: those of preparing the statement (syntax, unknown table or column, types;
/// pgx v5's default exec mode prepares first, jackc/pgx conn.go <c>Query</c>). The loop over the rows never checks
/// <c>rows.Err()</c>, so an error raised while the statement runs (a constraint, a bad cast on a row's data, a
/// statement timeout, a revoked privilege, a dropped connection) comes back as the rows read until then, usually
/// <c>[]</c>, with success; <see cref="ExecutedStatement.HiddenError"/> records it. <c>exec</c> reports every error.
/// </para>
/// </summary>
public sealed class PostgresBindingHandler : IBindingHandler, IAsyncDisposable, IDisposable
{
    /// <summary>A role with no privileges: <see cref="DenyAtExecution"/> runs statements as it.</summary>
    public const string NoPrivilegesRole = "growbin_binding_no_privileges";

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private readonly List<ExecutedStatement> _executed = [];
    private readonly List<ExecutionFault> _faults = [];
    private readonly SemaphoreSlim _roleCreated = new(1, 1);
    private bool _roleExists;

    public PostgresBindingHandler(string connectionString, TimeProvider? time = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            // Values are read as text: pin the session settings their text form depends on. Timestamps then carry
            // a UTC offset and are converted to SidecarTimeZone as pgx and Go would.
            Timezone = "UTC",
        };
        builder.Options = $"{builder.Options} -c DateStyle=ISO,MDY -c bytea_output=hex -c extra_float_digits=1".Trim();
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// Asia/Seoul: a zone other than UTC, so every test meets the offset a real sidecar's timestamptz values carry
    /// (the zone of the machine or container daprd runs in).
    /// </summary>
    public static TimeZoneInfo DefaultSidecarTimeZone { get; } = FindSeoul();

    /// <summary>The sidecar's local time zone (Go's time.Local): timestamptz values are reported with its offset.</summary>
    public TimeZoneInfo SidecarTimeZone { get; set; } = DefaultSidecarTimeZone;

    /// <summary>Every statement sent to the server, in order, including ones the server rejected.</summary>
    public IReadOnlyList<ExecutedStatement> Executed
    {
        get
        {
            lock (_gate)
            {
                return _executed.ToList();
            }
        }
    }

    /// <summary>
    /// From now on the statements <paramref name="when"/> matches are prepared as the app's role, then run as a role
    /// without privileges: PostgreSQL refuses them while they run (42501 permission denied), as it does when a
    /// privilege is revoked from the app's role. A query then answers <c>[]</c> with success, an exec fails with the
    /// SQLSTATE. Dispose the result to stop.
    /// </summary>
    public IDisposable DenyAtExecution(Func<ExecutedStatement, bool> when) => AddFault(new ExecutionFault(when, FaultKind.Deny, 0));

    /// <summary>
    /// From now on the connection of the statements <paramref name="when"/> matches drops after
    /// <paramref name="afterRows"/> rows: a query answers those rows with success (pgx ends <c>rows.Next()</c> and
    /// keeps the error in <c>rows.Err()</c>); an exec fails with pgx's "unexpected EOF", no SQLSTATE, and the
    /// statement does not reach the server. Dispose the result to stop.
    /// </summary>
    public IDisposable DropConnectionAt(Func<ExecutedStatement, bool> when, int afterRows = 0) =>
        AddFault(new ExecutionFault(when, FaultKind.DropConnection, afterRows));

    public async Task<BindingResponse> HandleAsync(BindingRequest request, CancellationToken ct)
    {
        if (request.Operation == "close")
        {
            // The real component closes its connection pool for good on "close": every later call fails with
            // "component is closed". Nothing in Growbin should do that, so the double refuses outright.
            throw new NotSupportedException("the postgres binding's close operation permanently closes the component");
        }

        if (request.Operation is not ("exec" or "query"))
        {
            throw new NotSupportedException(
                $"binding {request.BindingName} does not support operation {request.Operation}. supported operations:exec query close");
        }

        if (!request.Metadata.TryGetValue("sql", out var sql) || string.IsNullOrEmpty(sql))
        {
            throw new ArgumentException("required metadata not set: sql");
        }

        var args = ParseParams(request.Metadata.GetValueOrDefault("params"));
        var statement = new ExecutedStatement(request.Operation, sql, args);
        int index;
        ExecutionFault? fault;
        lock (_gate)
        {
            index = _executed.Count;
            _executed.Add(statement);
            fault = _faults.LastOrDefault(f => f.When(statement));
        }

        var started = _time.GetUtcNow();
        var metadata = new Dictionary<string, string>
        {
            ["operation"] = request.Operation,
            ["sql"] = sql,
            ["start-time"] = GoTime.Rfc3339Nano(started),
        };
        ReadOnlyMemory<byte> data = ReadOnlyMemory<byte>.Empty;
        try
        {
            if (request.Operation == "exec")
            {
                var affected = await ExecAsync(sql, args, fault, ct);
                metadata["rows-affected"] = affected.ToString(CultureInfo.InvariantCulture);
            }
            else
            {
                (data, var hidden) = await QueryAsync(sql, args, fault, ct);
                if (hidden is not null)
                {
                    lock (_gate)
                    {
                        _executed[index] = statement with { HiddenError = hidden };
                    }
                }
            }
        }
        catch (PostgresException ex)
        {
            throw new InvalidOperationException($"error executing query: {PgError(ex)}", ex);
        }

        var ended = _time.GetUtcNow();
        metadata["end-time"] = GoTime.Rfc3339Nano(ended);
        metadata["duration"] = GoTime.Duration(ended - started);
        return new BindingResponse(request, data, metadata);
    }

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        _roleCreated.Dispose();
    }

    public void Dispose()
    {
        _dataSource.Dispose();
        _roleCreated.Dispose();
    }

    // pgconn's PgError.Error(): severity, message, SQLSTATE (jackc/pgx pgconn/errors.go).
    private static string PgError(PostgresException ex) => $"{ex.Severity}: {ex.MessageText} (SQLSTATE {ex.SqlState})";

    private static TimeZoneInfo FindSeoul()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul");
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            // No tzdata: Korea has kept +09:00 without daylight saving since 1988.
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Seoul", TimeSpan.FromHours(9), "Korea Standard Time", "KST");
        }
    }

    private IDisposable AddFault(ExecutionFault fault)
    {
        lock (_gate)
        {
            _faults.Add(fault);
        }

        return new FaultRegistration(this, fault);
    }

    private void RemoveFault(ExecutionFault fault)
    {
        lock (_gate)
        {
            _faults.Remove(fault);
        }
    }

    // pgx's Exec returns every error, and the tag's row count (pgconn CommandTag.RowsAffected: the tag's last
    // number, so "SELECT 3" is 3 and DDL 0). Without arguments it uses the simple protocol, where several statements
    // may go in one string and the last one's tag counts (jackc/pgx conn.go exec, execSimpleProtocol).
    private async Task<long> ExecAsync(string sql, List<JsonElement> args, ExecutionFault? fault, CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        if (fault is { Kind: FaultKind.DropConnection })
        {
            throw new InvalidOperationException("error executing query: unexpected EOF");
        }

        var transaction = fault is { Kind: FaultKind.Deny } ? await BeginDeniedAsync(connection, ct) : null;
        await using var command = NewCommand(sql, args, connection, transaction);
        try
        {
            if (transaction is not null)
            {
                await command.PrepareAsync(ct);
                await SetNoPrivilegesAsync(connection, transaction, ct);
            }

            long affected;
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.NextResultAsync(ct))
                {
                }

                // Statements keeps each statement's tag count, SELECT's too (RecordsAffected leaves SELECT out); it is
                // obsolete in favour of NpgsqlBatch, which takes no text with several statements in it.
#pragma warning disable CS0618
                affected = reader.Statements.Count == 0 ? 0 : (long)reader.Statements[^1].Rows;
#pragma warning restore CS0618
            }

            if (transaction is not null)
            {
                await transaction.CommitAsync(ct);
            }

            return affected;
        }
        finally
        {
            await EndAsync(command, transaction);
        }
    }

    private async Task<(ReadOnlyMemory<byte> Rows, string? HiddenError)> QueryAsync(string sql, List<JsonElement> args,
        ExecutionFault? fault, CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        var transaction = fault is { Kind: FaultKind.Deny } ? await BeginDeniedAsync(connection, ct) : null;
        await using var command = NewCommand(sql, args, connection, transaction);
        command.AllResultTypesAreUnknown = true;
        try
        {
            // Prepared first, as pgx does: errors up to here are returned to the caller.
            await command.PrepareAsync(ct);

            var buffer = new ArrayBufferWriter<byte>();
            string? hidden = null;
            // Like Go's encoder: non-ASCII text stays as UTF-8 and quotes are escaped as \" (not \u0022).
            var options = new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            await using (var writer = new Utf8JsonWriter(buffer, options))
            {
                writer.WriteStartArray();
                try
                {
                    if (transaction is not null)
                    {
                        await SetNoPrivilegesAsync(connection, transaction, ct);
                    }

                    await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleResult, ct);
                    var types = Enumerable.Range(0, reader.FieldCount).Select(reader.GetPostgresType).ToArray();
                    for (var read = 0; ; read++)
                    {
                        if (fault is { Kind: FaultKind.DropConnection } drop && read == drop.AfterRows)
                        {
                            hidden = "unexpected EOF";
                            break;
                        }

                        if (!await reader.ReadAsync(ct))
                        {
                            break;
                        }

                        writer.WriteStartArray();
                        for (var i = 0; i < types.Length; i++)
                        {
                            PgTextJson.Write(writer, types[i], await reader.IsDBNullAsync(i, ct) ? null : reader.GetString(i), SidecarTimeZone);
                        }

                        writer.WriteEndArray();
                    }
                }
                catch (PostgresException ex)
                {
                    // After prepare: the component's loop stops and returns what it has (no rows.Err() check).
                    hidden = PgError(ex);
                }
                catch (NpgsqlException ex)
                {
                    hidden = ex.Message; // the connection broke while the rows were read
                }

                writer.WriteEndArray();
            }

            return (buffer.WrittenMemory, hidden);
        }
        finally
        {
            await EndAsync(command, transaction);
        }
    }

    private static NpgsqlCommand NewCommand(string sql, List<JsonElement> args, NpgsqlConnection connection, NpgsqlTransaction? transaction)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var arg in args)
        {
            command.Parameters.Add(ToParameter(arg));
        }

        return command;
    }

    private async Task<NpgsqlTransaction> BeginDeniedAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await _roleCreated.WaitAsync(ct);
        try
        {
            if (!_roleExists)
            {
                await using var create = new NpgsqlCommand(
                    $"DO $$ BEGIN CREATE ROLE {NoPrivilegesRole} NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$",
                    connection);
                await create.ExecuteNonQueryAsync(ct);
                _roleExists = true;
            }
        }
        finally
        {
            _roleCreated.Release();
        }

        return await connection.BeginTransactionAsync(ct);
    }

    // Privileges on tables are checked when the statement starts running, after it was prepared as the app's role.
    private static async Task SetNoPrivilegesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken ct)
    {
        await using var role = new NpgsqlCommand($"SET LOCAL ROLE {NoPrivilegesRole}", connection, transaction);
        await role.ExecuteNonQueryAsync(ct);
    }

    // Rolls back what did not commit and forgets the prepared statement, so a pooled connection never runs a plan
    // prepared before a test changed the schema.
    private static async Task EndAsync(NpgsqlCommand command, NpgsqlTransaction? transaction)
    {
        try
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }

            if (command.IsPrepared)
            {
                await command.UnprepareAsync();
            }
        }
        catch (NpgsqlException)
        {
            // The connection broke: the pool discards it, and its prepared statements with it.
        }
    }

    private static List<JsonElement> ParseParams(string? raw)
    {
        if (string.IsNullOrEmpty(raw))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(raw);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new JsonException($"cannot unmarshal {document.RootElement.ValueKind.ToString().ToLowerInvariant()} into []any");
            }

            return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"invalid metadata property params: failed to unserialize into an array: {ex.Message}", ex);
        }
    }

    // Every argument goes as text with no declared type, so the server infers it from context as it does for pgx.
    // pgx sends strings as text too (extended_query_builder.go chooseParameterFormatCode), so a string the server
    // cannot read (an invalid uuid) fails at Bind, after prepare, in both. Other values pgx encodes itself and
    // returns its encoding errors from Query (1.5 for an int); here they too fail at Bind and are hidden.
    private static NpgsqlParameter ToParameter(JsonElement arg) => new()
    {
        NpgsqlDbType = NpgsqlDbType.Unknown,
        Value = arg.ValueKind switch
        {
            JsonValueKind.Null => DBNull.Value,
            JsonValueKind.String => arg.GetString()!,
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => arg.GetRawText(), // numbers keep their literal; objects and arrays go as JSON text
        },
    };

    private enum FaultKind
    {
        Deny,
        DropConnection,
    }

    private sealed record ExecutionFault(Func<ExecutedStatement, bool> When, FaultKind Kind, int AfterRows);

    private sealed class FaultRegistration(PostgresBindingHandler handler, ExecutionFault fault) : IDisposable
    {
        public void Dispose() => handler.RemoveFault(fault);
    }
}
