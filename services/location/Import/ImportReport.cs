namespace Growbin.Location.Import;

/// <summary>
/// The outcome of one import. <see cref="Inserted"/>, <see cref="Updated"/> and <see cref="Unchanged"/> count rows
/// written (all zero in a dry run, where <see cref="Ready"/> counts the rows that would be); every row left out is in
/// <see cref="Skipped"/> with its line and reason.
/// </summary>
public sealed record ImportReport(
    string File,
    string Source,
    string Encoding,
    bool DryRun,
    int Rows,
    int BlankRows,
    int Ready,
    int Inserted,
    int Updated,
    int Unchanged,
    int Geocoded,
    int KakaoCalls,
    IReadOnlyList<SkippedRow> Skipped)
{
    public void WriteTo(TextWriter output)
    {
        output.WriteLine($"{(DryRun ? "Dry run of" : "Imported")} {File} into source '{Source}' ({Encoding})");
        output.WriteLine($"  rows read:     {Rows} (blank rows ignored: {BlankRows})");
        if (DryRun)
        {
            output.WriteLine($"  would import:  {Ready} (nothing written)");
        }
        else
        {
            output.WriteLine($"  imported (new): {Inserted}");
            output.WriteLine($"  updated:        {Updated}");
            output.WriteLine($"  unchanged:      {Unchanged}");
        }

        output.WriteLine($"  geocoded:      {Geocoded} ({KakaoCalls} Kakao requests)");
        output.WriteLine($"  skipped:       {Skipped.Count}");
        foreach (var row in Skipped.OrderBy(s => s.Line))
        {
            output.WriteLine($"    line {row.Line}{(row.SourceId is null ? "" : $" ({row.SourceId})")}: {row.Reason}");
        }
    }
}
