namespace Growbin.Location.Import;

/// <summary>A row left out of the import: where it is in the file, its source id when it has one, and why.</summary>
public sealed record SkippedRow(int Line, string? SourceId, string Reason);
