namespace Growbin.Location.Import;

/// <summary>
/// How a row's source id (its key within the source; re-imports update by it) is made. Exactly one of:
/// <see cref="Columns"/> — a column holding a stable id (관리번호); <see cref="Composite"/> — several columns joined,
/// for files without an id (stable while those values stay the same); <see cref="RowNumber"/> — the line number, the
/// last resort: inserting or removing one row renumbers every row after it.
/// </summary>
public sealed class SourceIdMapping
{
    public IReadOnlyList<string>? Columns { get; init; }

    public IReadOnlyList<string>? Composite { get; init; }

    public bool RowNumber { get; init; }
}
