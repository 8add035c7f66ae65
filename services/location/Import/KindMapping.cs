namespace Growbin.Location.Import;

/// <summary>
/// The kind of point (<see cref="Points.PointKinds"/>): <see cref="Fixed"/> for a file of one kind, or
/// <see cref="Columns"/> with <see cref="Values"/> mapping the file's wording ("의류수거함") to a kind id. A value not
/// in <see cref="Values"/> may still be a kind id or the kind's Korean name; anything else skips the row.
/// </summary>
public sealed class KindMapping
{
    public string? Fixed { get; init; }

    public IReadOnlyList<string>? Columns { get; init; }

    /// <summary>The file's wording → kind id; compared ignoring spaces and letter case.</summary>
    public IReadOnlyDictionary<string, string>? Values { get; init; }
}
