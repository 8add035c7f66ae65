using System.Text.Json;

namespace Growbin.TestSupport.Postgres;

/// <summary>A statement the binding sent to PostgreSQL: operation, SQL text and the decoded <c>params</c> array.</summary>
public sealed record ExecutedStatement(string Operation, string Sql, IReadOnlyList<JsonElement> Params);
