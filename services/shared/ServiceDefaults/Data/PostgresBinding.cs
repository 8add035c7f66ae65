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
/// </summary>
public sealed partial class PostgresBinding(DaprClient dapr)
{
    /// <summary>Rows as the binding returns them: one JSON array of column values per row, in select order.</summary>
    public async Task<IReadOnlyList<JsonElement[]>> QueryAsync(string sql, IReadOnlyList<object?> args,
        CancellationToken cancellationToken = default)
    {
        var response = await InvokeAsync("query", sql, args, cancellationToken);
        if (response.Data.IsEmpty)
        {
            return [];
        }

        using var document = JsonDocument.Parse(response.Data);
        return document.RootElement.ValueKind == JsonValueKind.Array
            ? document.RootElement.EnumerateArray().Select(row => row.EnumerateArray().Select(c => c.Clone()).ToArray()).ToList()
            : [];
    }

    /// <summary>Runs a statement without rows; returns the rows it affected.</summary>
    public async Task<long> ExecAsync(string sql, IReadOnlyList<object?> args, CancellationToken cancellationToken = default)
    {
        var response = await InvokeAsync("exec", sql, args, cancellationToken);
        return response.Metadata.TryGetValue("rows-affected", out var affected)
            && long.TryParse(affected, NumberStyles.Integer, CultureInfo.InvariantCulture, out var rows)
                ? rows
                : 0;
    }

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
            throw new PostgresBindingException(ex, SqlStateOf(ex));
        }
    }

    // The component reports pgconn's error text, which ends in "(SQLSTATE 23505)"; the gRPC status carries it.
    private static string? SqlStateOf(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (SqlState().Match(e.Message) is { Success: true } match)
            {
                return match.Groups[1].Value;
            }
        }

        return null;
    }

    [GeneratedRegex(@"\(SQLSTATE ([0-9A-Z]{5})\)")]
    private static partial Regex SqlState();
}

/// <summary>A statement the database (or the binding) refused; <see cref="SqlState"/> says why when the server did.</summary>
public sealed class PostgresBindingException(DaprException inner, string? sqlState)
    : Exception($"The growbin-db binding failed{(sqlState is null ? "" : $" (SQLSTATE {sqlState})")}: {inner.Message}", inner)
{
    public const string UniqueViolation = "23505";
    public const string ForeignKeyViolation = "23503";
    public const string CheckViolation = "23514";

    public string? SqlState { get; } = sqlState;
}
