namespace Growbin.Location.Import;

/// <summary>
/// Where one text field comes from: candidate header names (districts name the same column differently; in each row
/// the first candidate present in the file with a non-blank value wins) or one fixed value for the whole file.
/// </summary>
public sealed class FieldMapping
{
    /// <summary>Candidate header names, in order of preference.</summary>
    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>The same value for every row (for example the district of a one-district file).</summary>
    public string? Fixed { get; init; }

    /// <summary>
    /// When true, a file without any of <see cref="Columns"/> leaves the field empty; when false (the default), such a
    /// file is refused, so a misspelt header name is an error rather than a silently empty column.
    /// </summary>
    public bool Optional { get; init; }
}
