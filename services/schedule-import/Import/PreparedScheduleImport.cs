using Growbin.ScheduleImport.Parsing;

namespace Growbin.ScheduleImport.Import;

/// <summary>A file read and checked, before anything is written: its good rows and every bad row's errors.</summary>
public sealed record PreparedScheduleImport(ScheduleImportOptions Options, string Encoding, int Rows, int BlankRows,
    IReadOnlyList<ScheduleRow> Good, IReadOnlyList<RowError> Errors);
