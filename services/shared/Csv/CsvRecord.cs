namespace Growbin.Csv;

/// <summary>One CSV record: its fields and the line it starts on (1-based; the header is line 1).</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);
