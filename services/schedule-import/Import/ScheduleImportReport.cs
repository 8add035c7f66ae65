using Growbin.ScheduleImport.Parsing;

namespace Growbin.ScheduleImport.Import;

/// <summary>
/// The outcome of one import: rows read, imported, and every bad row's errors; the 시·군·구 whose data was replaced
/// with the rows each got (none in a dry run, or when no row was good).
/// </summary>
public sealed record ScheduleImportReport(
    string File,
    string Encoding,
    bool DryRun,
    Guid? ImportId,
    int Rows,
    int BlankRows,
    int Imported,
    IReadOnlyList<RowError> Errors,
    IReadOnlyList<(string Region, int Rows)> Regions)
{
    /// <summary>Rows with at least one error (a row may have several).</summary>
    public int RejectedRows => Errors.Select(e => e.Line).Distinct().Count();

    public void WriteTo(TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(DryRun
            ? $"Dry run of {File} ({Encoding}): nothing written"
            : $"Imported {File} ({Encoding}){(ImportId is { } id ? $" as import {id}" : "")}");
        output.WriteLine($"  rows read:      {Rows} (blank rows ignored: {BlankRows})");
        output.WriteLine($"  {(DryRun ? "would import:" : "imported:    ")}   {Imported}");
        output.WriteLine($"  not imported:   {RejectedRows}");
        if (!DryRun)
        {
            output.WriteLine(Regions.Count == 0
                ? "  replaced:       nothing (no good row: every 시·군·구 keeps its data)"
                : $"  replaced:       {Regions.Count} 시·군·구 ({string.Join(", ", Regions.Select(r => $"{r.Region}: {r.Rows} rows"))})");
        }

        foreach (var error in Errors.OrderBy(e => e.Line))
        {
            var where = error.Column is null ? "" : error.Value is null ? $", {error.Column}" : $", {error.Column} '{error.Value}'";
            output.WriteLine($"    line {error.Line}{where}: {error.Reason}");
        }
    }
}
