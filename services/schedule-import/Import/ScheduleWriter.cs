using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Growbin.ScheduleImport.Parsing;
using Growbin.ServiceDefaults.Data;

namespace Growbin.ScheduleImport.Import;

/// <summary>
/// Writes an import through the growbin-db binding (<see cref="ScheduleImportQueries"/>): begin, stage the rows
/// <see cref="BatchSize"/> at a time, publish. As location's CollectionPointWriter does, a batch the database refuses
/// for a row's data (SQLSTATE class 22 or 23) is retried row by row, so only the refused rows are left out (reported
/// with the server's reason); any other failure stops the import before it is published.
/// </summary>
public sealed class ScheduleWriter(PostgresBinding database)
{
    /// <summary>Rows per statement: each is a round trip through the sidecar; 200 rows of JSON stay far below its 4 MiB.</summary>
    public const int BatchSize = 200;

    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public async Task BeginAsync(Guid importId, string fileName, CancellationToken cancellationToken)
    {
        var affected = await database.ExecAsync(ScheduleImportQueries.Begin, [importId.ToString("D"), fileName], cancellationToken);
        if (affected != 1)
        {
            throw new InvalidOperationException($"Registering import {importId} reported {affected} rows affected.");
        }
    }

    /// <summary>Stages the rows; returns those staged (the others are in <paramref name="errors"/>).</summary>
    public async Task<IReadOnlyList<ScheduleRow>> StageAsync(Guid importId, IReadOnlyList<ScheduleRow> rows, ICollection<RowError> errors,
        CancellationToken cancellationToken)
    {
        var staged = new List<ScheduleRow>(rows.Count);
        foreach (var batch in rows.Chunk(BatchSize))
        {
            try
            {
                await StageCheckedAsync(importId, batch, cancellationToken);
                staged.AddRange(batch);
                continue;
            }
            catch (PostgresBindingException ex) when (IsDataError(ex.SqlState))
            {
                // The statement failed as a whole, so none of it was written: find the rows that fail alone.
            }

            foreach (var row in batch)
            {
                try
                {
                    await StageCheckedAsync(importId, [row], cancellationToken);
                    staged.Add(row);
                }
                catch (PostgresBindingException ex) when (IsDataError(ex.SqlState))
                {
                    errors.Add(new RowError(row.Line, null, null, ex.ServerMessage is { } message
                        ? $"the database refused the row: {message} (SQLSTATE {ex.SqlState})"
                        : $"the database refused the row (SQLSTATE {ex.SqlState})"));
                }
            }
        }

        return staged;
    }

    /// <summary>Makes the import current for the 시·군·구 it has rows of; returns how many.</summary>
    public async Task<long> PublishAsync(Guid importId, CancellationToken cancellationToken) =>
        await database.ExecAsync(ScheduleImportQueries.Publish, [importId.ToString("D")], cancellationToken);

    private async Task StageCheckedAsync(Guid importId, IReadOnlyList<ScheduleRow> rows, CancellationToken cancellationToken)
    {
        var affected = await database.ExecAsync(ScheduleImportQueries.Stage, [importId.ToString("D"), ToJson(rows)], cancellationToken);
        if (affected != rows.Count)
        {
            throw new InvalidOperationException($"Staging {rows.Count} rows reported {affected} rows affected.");
        }
    }

    // Class 22 (a value out of range for its type) and 23 (a CHECK) belong to a row; anything else is the database or the sidecar.
    private static bool IsDataError(string? sqlState) =>
        sqlState is not null && (sqlState.StartsWith("22", StringComparison.Ordinal) || sqlState.StartsWith("23", StringComparison.Ordinal));

    /// <summary>The rows as the JSON array <see cref="ScheduleImportQueries.Stage"/> reads (its column names, days as ISO numbers).</summary>
    public static string ToJson(IEnumerable<ScheduleRow> rows)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartArray();
            foreach (var row in rows)
            {
                json.WriteStartObject();
                json.WriteNumber("line", row.Line);
                json.WriteString("sido", row.Sido);
                json.WriteString("sigungu", row.Sigungu);
                json.WriteString("area_name", row.AreaName);
                json.WriteString("target_areas", row.TargetAreas);
                json.WriteString("place_type", row.PlaceType);
                json.WriteString("place", row.Place);
                json.WriteString("general_method", row.General.Method);
                json.WriteString("food_method", row.Food.Method);
                json.WriteString("recyclable_method", row.Recyclable.Method);
                json.WriteString("bulky_method", row.BulkyMethod);
                json.WriteString("bulky_place", row.BulkyPlace);
                WriteWaste(json, "general", row.General);
                WriteWaste(json, "food", row.Food);
                WriteWaste(json, "recyclable", row.Recyclable);
                WriteNumbers(json, "skip_weekdays", row.NonCollection.Weekdays.ToIso());
                WriteStrings(json, "skip_holidays", row.NonCollection.Holidays);
                WriteStrings(json, "skip_dates", row.NonCollection.Dates);
                WriteStrings(json, "skip_notes", row.NonCollection.Notes);
                json.WriteString("skip_text", row.NonCollection.Text);
                json.WriteString("department", row.Department);
                json.WriteString("department_phone", row.DepartmentPhone);
                json.WriteString("data_date", row.DataDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteWaste(Utf8JsonWriter json, string prefix, WasteSchedule waste)
    {
        WriteNumbers(json, prefix + "_days", waste.Days.ToIso());
        WriteOptional(json, prefix + "_start", waste.Start);
        WriteOptional(json, prefix + "_end", waste.End);
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteNumbers(Utf8JsonWriter json, string name, IEnumerable<int> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteNumberValue(value);
        }

        json.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
