using System.Text.Json;

namespace Growbin.TestSupport.Postgres;

/// <summary>A statement the binding sent to PostgreSQL: operation, SQL text and the decoded <c>params</c> array.</summary>
public sealed record ExecutedStatement(string Operation, string Sql, IReadOnlyList<JsonElement> Params)
{
    /// <summary>
    /// The error a <c>query</c> met while it ran, which the binding does not report: the caller got the rows read up
    /// to then, with success. Null when the statement ran to its end or its error was reported.
    /// </summary>
    public string? HiddenError { get; init; }
}
