using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Growbin.ServiceDefaults.Data;

namespace Growbin.Location.Import;

/// <summary>
/// Upserts geocoded rows of one source by (source, source_id), <see cref="BatchSize"/> rows per statement. A batch
/// the database refuses for a row's data is retried row by row, so only the bad row is skipped (with the server's
/// reason); any other failure (database or sidecar unreachable) ends the import.
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
            try
            {
                total += await UpsertBatchAsync(source, batch, cancellationToken);
            }
            catch (PostgresBindingException ex) when (IsDataError(ex.SqlState) && batch.Length > 1)
            {
                foreach (var row in batch)
                {
                    try
                    {
                        total += await UpsertBatchAsync(source, [row], cancellationToken);
                    }
                    catch (PostgresBindingException rowError) when (IsDataError(rowError.SqlState))
                    {
                        skipped.Add(new SkippedRow(row.Line, row.SourceId,
                            $"the database refused the row (SQLSTATE {rowError.SqlState})"));
                    }
                }
            }
            catch (PostgresBindingException ex) when (IsDataError(ex.SqlState))
            {
                var row = batch[0];
                skipped.Add(new SkippedRow(row.Line, row.SourceId, $"the database refused the row (SQLSTATE {ex.SqlState})"));
            }
        }

        return total;
    }

    private async Task<UpsertCounts> UpsertBatchAsync(string source, PointRow[] batch, CancellationToken cancellationToken)
    {
        var returned = await database.QueryAsync(CollectionPointImportQueries.Upsert, [source, ToJson(batch)], cancellationToken);
        var inserted = returned.Count(r => r[1].ValueKind == JsonValueKind.True);
        var updated = returned.Count - inserted;
        return new UpsertCounts(inserted, updated, batch.Length - returned.Count);
    }

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
