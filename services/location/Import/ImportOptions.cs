namespace Growbin.Location.Import;

/// <summary>One import: the file, the source its rows belong to, its layout (Growbin's own when null), and whether to write.</summary>
public sealed record ImportOptions(string File, string Source, string? MappingFile = null, bool DryRun = false);
