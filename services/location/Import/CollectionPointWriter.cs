using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Growbin.ServiceDefaults.Data;

namespace Growbin.Location.Import;

/// <summary>
/// Upserts geocoded rows of one source by (source, source_id), <see cref="BatchSize"/> rows per statement, through
/// the binding's exec (<see cref="CollectionPointImportQueries"/>): new rows are inserted, then changed rows updated.
/// A batch the database refuses for a row's data is retried row by row, so every bad row is found and skipped with
/// the server's reason and the others are written; any other failure (database or sidecar unreachable) ends the
/// import. Inserted + updated + unchanged + rows skipped here = the rows given.
/// </summary>
public sealed class CollectionPointWriter(PostgresBinding database)
{
    /// <summary>
    /// Rows per statement: a 200-row JSON parameter is ~60 KB, far below any limit, and cuts round trips through the
    /// sidecar 200-fold; larger batches gain little and make a refused batch's row-by-row retry longer.
    /// </summary>
    public const int BatchSize = 200;

    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public async Task<UpsertCounts> UpsertAsync(string source, IReadOnlyList<PointRow> rows, ICollection<SkippedRow> skipped,
        CancellationToken cancellationToken = default)
    {
        var total = new UpsertCounts();
        foreach (var batch in rows.Chunk(BatchSize))
        {
            var (kept, inserted) = await ExecAsync(CollectionPointImportQueries.InsertNew, source, batch, skipped, cancellationToken);
            var updated = 0;
            if (inserted < kept.Count)
            {
                // Some rows were there already: those that differ from the file are updated.
                (kept, updated) = await ExecAsync(CollectionPointImportQueries.UpdateChanged, source, kept, skipped, cancellationToken);
            }

            total += new UpsertCounts(inserted, updated, kept.Count - inserted - updated);
        }

        return total;
    }

    /// <summary>
    /// Runs <paramref name="sql"/> on the rows in one statement, or row by row when the database refuses that for a
    /// row's data. Returns the rows not refused and the rows affected.
    /// </summary>
    private async Task<(IReadOnlyList<PointRow> Kept, int Affected)> ExecAsync(string sql, string source, IReadOnlyList<PointRow> rows,
        ICollection<SkippedRow> skipped, CancellationToken cancellationToken)
    {
        try
        {
            return (rows, await ExecCheckedAsync(sql, source, rows, cancellationToken));
        }
        catch (PostgresBindingException ex) when (IsDataError(ex.SqlState) && rows.Count == 1)
        {
            skipped.Add(Refused(rows[0], ex));
            return ([], 0);
        }
        catch (PostgresBindingException ex) when (IsDataError(ex.SqlState))
        {
            // The statement failed as a whole, so nothing of it was written: find every row that fails alone.
        }

        var kept = new List<PointRow>(rows.Count);
        var affected = 0;
        foreach (var row in rows)
        {
            try
            {
                affected += await ExecCheckedAsync(sql, source, [row], cancellationToken);
                kept.Add(row);
            }
            catch (PostgresBindingException ex) when (IsDataError(ex.SqlState))
            {
                skipped.Add(Refused(row, ex));
            }
        }

        return (kept, affected);
    }

    private async Task<int> ExecCheckedAsync(string sql, string source, IReadOnlyList<PointRow> rows, CancellationToken cancellationToken)
    {
        var affected = await database.ExecAsync(sql, [source, ToJson(rows)], cancellationToken);
        return affected >= 0 && affected <= rows.Count
            ? (int)affected
            : throw new InvalidOperationException($"A statement on {rows.Count} rows reported {affected} rows affected.");
    }

    private static SkippedRow Refused(PointRow row, PostgresBindingException ex) => new(row.Line, row.SourceId,
        ex.ServerMessage is { } message
            ? $"the database refused the row: {message} (SQLSTATE {ex.SqlState})"
            : $"the database refused the row (SQLSTATE {ex.SqlState})");

    // Class 22 (data exception: a value out of range for its type) and 23 (integrity: a CHECK) belong to a row;
    // anything else, or no SQLSTATE at all, is the database or the sidecar.
    private static bool IsDataError(string? sqlState) => sqlState is not null && (sqlState.StartsWith("22") || sqlState.StartsWith("23"));

    private static string ToJson(IEnumerable<PointRow> rows)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartArray();
            foreach (var row in rows)
            {
                json.WriteStartObject();
                json.WriteString("source_id", row.SourceId);
                json.WriteString("kind", row.Kind);
                json.WriteString("name", row.Name);
                json.WriteString("address", row.Address);
                json.WriteString("detail", row.Detail);
                json.WriteString("district", row.District);
                json.WriteString("opening_hours", row.OpeningHours);
                json.WriteNumber("lat", row.Latitude ?? throw new InvalidOperationException($"line {row.Line} has no latitude"));
                json.WriteNumber("lng", row.Longitude ?? throw new InvalidOperationException($"line {row.Line} has no longitude"));
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
