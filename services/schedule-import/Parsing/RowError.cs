namespace Growbin.ScheduleImport.Parsing;

/// <summary>Why a row was not imported: its line in the file, the column (null for the row as a whole), the value, the reason.</summary>
public sealed record RowError(int Line, string? Column, string? Value, string Reason);
