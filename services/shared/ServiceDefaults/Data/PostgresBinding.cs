using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dapr;
using Dapr.Client;
using Growbin.Contracts;

namespace Growbin.ServiceDefaults.Data;

/// <summary>
/// SQL through the <c>growbin-db</c> binding (bindings.postgresql): the only way services reach PostgreSQL.
/// Arguments go as the binding's <c>params</c> (a JSON array for <c>$1..$n</c>); the component sends them untyped,
/// so SQL casts where the type matters (<c>$1::uuid</c>, <c>$2::int</c>) and selects uuids as <c>::text</c>.
/// <para>
/// The component's <c>query</c> reports only errors from preparing the statement: one that fails while it runs
/// (a constraint, a bad cast on a row, a timeout, a revoked privilege, a dropped connection) comes back as the rows
/// read until then, usually none, with success (contrib bindings/postgres/postgres.go never checks
/// <c>rows.Err()</c>). So <see cref="QueryAsync"/> is for reads only and wraps each one so that its answer says
/// whether it is complete (<see cref="Answered"/>); writes go through <see cref="ExecAsync"/>, which reports every
/// error and the rows affected.
/// </para>
/// </summary>
public sealed partial class PostgresBinding(DaprClient dapr)
{
    /// <summary>
    /// The statement <see cref="QueryAsync"/> sends for <paramref name="sql"/> (a SELECT, CTEs allowed, no
    /// data-modifying statement). The wrapped statement always answers at least one row when it runs to its end:
    /// <list type="bullet">
    /// <item>the one-row <c>answered</c> side of the LEFT JOIN gives a row of nulls when <paramref name="sql"/> has
    /// no rows;</item>
    /// <item>otherwise each row starts with <c>count(*) OVER ()</c>, the number of rows. The window needs every row
    /// before it yields the first, and a failure after that (a cast PostgreSQL evaluates as each row leaves the
    /// window, a dropped connection) cuts the rows short, so fewer rows than the count means the rest was lost.</item>
    /// </list>
    /// Order and LIMIT are kept: a subquery with ORDER BY or LIMIT is not pulled up into the outer query (PostgreSQL
    /// prepjointree.c, is_simple_subquery), the window has no ORDER BY of its own, and <c>ON true</c> leaves the
    /// planner only a nested loop with <c>answered</c> outside. <c>$n</c> parameters and WITH work inside as they do
    /// alone. The newline before the closing parenthesis ends a trailing <c>--</c> comment.
    /// </summary>
    public static string Answered(string sql) =>
        "SELECT result.* FROM (VALUES (1)) AS answered(ok) LEFT JOIN (SELECT count(*) OVER () AS answered_rows, statement.* FROM (\n"
        + sql.TrimEnd().TrimEnd(';')
        + "\n) AS statement) AS result ON true";

    /// <summary>
    /// Rows as the binding returns them: one JSON array of column values per row, in select order. An empty list
    /// only when the statement ran to its end without rows.
    /// </summary>
    /// <exception cref="PostgresBindingException">
    /// The statement was refused (with its SQLSTATE), or failed while it ran: then the binding answered no rows or
    /// fewer than the statement has, and the exception has no SQLSTATE (the binding keeps it to itself).
    /// </exception>
    public async Task<IReadOnlyList<JsonElement[]>> QueryAsync(string sql, IReadOnlyList<object?> args,
        CancellationToken cancellationToken = default)
    {
        var response = await InvokeAsync("query", Answered(sql), args, cancellationToken);
        var rows = ParseRows(response.Data);
        if (rows.Count == 0)
        {
            throw Unanswered("the statement failed while it ran: the binding answered no rows at all");
        }

        var count = rows[0][0];
        if (count.ValueKind == JsonValueKind.Null && rows.Count == 1)
        {
            return [];
        }

        if (count.ValueKind != JsonValueKind.Number || count.GetInt64() != rows.Count
            || rows.Any(row => row[0].ValueKind != JsonValueKind.Number || row[0].GetInt64() != rows.Count))
        {
            throw Unanswered($"the statement failed while it ran: the binding answered {rows.Count} of {count} rows");
        }

        return rows.Select(row => row[1..]).ToList();
    }

    /// <summary>Runs a statement for its effect; returns the rows it affected (the count in PostgreSQL's command tag).</summary>
    /// <exception cref="PostgresBindingException">The statement failed; <see cref="PostgresBindingException.SqlState"/> says why when the server did.</exception>
    public async Task<long> ExecAsync(string sql, IReadOnlyList<object?> args, CancellationToken cancellationToken = default)
    {
        var response = await InvokeAsync("exec", sql, args, cancellationToken);
        return response.Metadata.TryGetValue("rows-affected", out var affected)
            && long.TryParse(affected, NumberStyles.Integer, CultureInfo.InvariantCulture, out var rows)
                ? rows
                : throw Unanswered("the binding's exec answered without rows-affected");
    }

    private static List<JsonElement[]> ParseRows(ReadOnlyMemory<byte> data)
    {
        if (data.IsEmpty)
        {
            return [];
        }

        using var document = JsonDocument.Parse(data);
        return document.RootElement.ValueKind == JsonValueKind.Array
            ? document.RootElement.EnumerateArray()
                .Select(row => row.ValueKind == JsonValueKind.Array ? row.EnumerateArray().Select(c => c.Clone()).ToArray() : [])
                .Where(row => row.Length > 0)
                .ToList()
            : [];
    }

    private static PostgresBindingException Unanswered(string reason) => new($"The growbin-db binding did not answer: {reason}.");

    private async Task<BindingResponse> InvokeAsync(string operation, string sql, IReadOnlyList<object?> args,
        CancellationToken cancellationToken)
    {
        var request = new BindingRequest(DaprComponents.Database, operation)
        {
            Metadata =
            {
                ["sql"] = sql,
                ["params"] = JsonSerializer.Serialize(args),
            },
        };
        try
        {
            return await dapr.InvokeBindingAsync(request, cancellationToken);
        }
        catch (DaprException ex)
        {
            var (sqlState, serverMessage) = PgErrorOf(ex);
            throw new PostgresBindingException(ex, sqlState, serverMessage);
        }
    }

    // The component reports pgconn's error text, "ERROR: <message> (SQLSTATE 23505)"; the gRPC status carries it.
    private static (string? SqlState, string? Message) PgErrorOf(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (PgError().Match(e.Message) is { Success: true } match)
            {
                return (match.Groups["state"].Value, match.Groups["message"].Success ? match.Groups["message"].Value : null);
            }
        }

        return (null, null);
    }

    [GeneratedRegex(@"(?:(?:ERROR|FATAL|PANIC): (?<message>.*?) )?\(SQLSTATE (?<state>[0-9A-Z]{5})\)")]
    private static partial Regex PgError();
}

/// <summary>A statement the database (or the binding) refused; <see cref="SqlState"/> says why when the server did.</summary>
public sealed class PostgresBindingException : Exception
{
    public const string UniqueViolation = "23505";
    public const string ForeignKeyViolation = "23503";
    public const string CheckViolation = "23514";

    public PostgresBindingException(DaprException inner, string? sqlState, string? serverMessage = null)
        : base($"The growbin-db binding failed{(sqlState is null ? "" : $" (SQLSTATE {sqlState})")}: {inner.Message}", inner)
    {
        SqlState = sqlState;
        ServerMessage = serverMessage;
    }

    /// <summary>A statement that failed without the binding saying why (no SQLSTATE).</summary>
    public PostgresBindingException(string message)
        : base(message)
    {
    }

    public string? SqlState { get; }

    /// <summary>PostgreSQL's message for <see cref="SqlState"/> ("new row for relation … violates check constraint …").</summary>
    public string? ServerMessage { get; }

    /// <summary>
    /// The database could not run the statement now, and the same statement may succeed later: no answer from the
    /// server (no SQLSTATE), a connection exception (class 08), insufficient resources (53), operator intervention
    /// such as a statement timeout or a shutdown (57), a serialization failure or deadlock (40001, 40P01).
    /// </summary>
    public bool IsUnavailable => SqlState is null
        || SqlState.StartsWith("08", StringComparison.Ordinal)
        || SqlState.StartsWith("53", StringComparison.Ordinal)
        || SqlState.StartsWith("57", StringComparison.Ordinal)
        || SqlState is "40001" or "40P01";
}
