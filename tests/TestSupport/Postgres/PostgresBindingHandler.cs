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
/// </summary>
public sealed class PostgresBindingHandler : IBindingHandler, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private readonly List<ExecutedStatement> _executed = [];

    public PostgresBindingHandler(string connectionString, TimeProvider? time = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            // Values are read as text: pin the session settings their text form depends on. Timestamps then carry
            // a UTC offset and convert like pgx, which yields UTC times here.
            Timezone = "UTC",
        };
        builder.Options = $"{builder.Options} -c DateStyle=ISO,MDY -c bytea_output=hex -c extra_float_digits=1".Trim();
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        _time = time ?? TimeProvider.System;
    }

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
        lock (_gate)
        {
            _executed.Add(new ExecutedStatement(request.Operation, sql, args));
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
            await using var command = _dataSource.CreateCommand(sql);
            foreach (var arg in args)
            {
                command.Parameters.Add(ToParameter(arg));
            }

            if (request.Operation == "exec")
            {
                var affected = await command.ExecuteNonQueryAsync(ct);
                // pgx reports 0 for statements without a row count (DDL); Npgsql reports -1.
                metadata["rows-affected"] = Math.Max(affected, 0).ToString(CultureInfo.InvariantCulture);
            }
            else
            {
                data = await QueryAsync(command, ct);
            }
        }
        catch (PostgresException ex)
        {
            // pgconn's error text, wrapped the way the component wraps it.
            throw new InvalidOperationException($"error executing query: {ex.Severity}: {ex.MessageText} (SQLSTATE {ex.SqlState})", ex);
        }

        var ended = _time.GetUtcNow();
        metadata["end-time"] = GoTime.Rfc3339Nano(ended);
        metadata["duration"] = GoTime.Duration(ended - started);
        return new BindingResponse(request, data, metadata);
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    public void Dispose() => _dataSource.Dispose();

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

    private static async Task<ReadOnlyMemory<byte>> QueryAsync(NpgsqlCommand command, CancellationToken ct)
    {
        command.AllResultTypesAreUnknown = true;
        var buffer = new ArrayBufferWriter<byte>();
        // Like Go's encoder: non-ASCII text stays as UTF-8 and quotes are escaped as \" (not \u0022).
        var options = new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        await using (var writer = new Utf8JsonWriter(buffer, options))
        {
            writer.WriteStartArray();
            await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleResult, ct);
            var types = Enumerable.Range(0, reader.FieldCount).Select(reader.GetPostgresType).ToArray();
            while (await reader.ReadAsync(ct))
            {
                writer.WriteStartArray();
                for (var i = 0; i < types.Length; i++)
                {
                    PgTextJson.Write(writer, types[i], await reader.IsDBNullAsync(i, ct) ? null : reader.GetString(i));
                }

                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }

        return buffer.WrittenMemory;
    }
}
