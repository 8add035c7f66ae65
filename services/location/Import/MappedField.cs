namespace Growbin.Location.Import;

/// <summary>A field's candidate columns present in one file, read as the first non-blank value; or its fixed value.</summary>
internal sealed record MappedField(IReadOnlyList<MappedColumn> Columns, string? Fixed)
{
    public string? Read(IReadOnlyList<string> fields) =>
        Fixed ?? Columns.Select(c => c.Read(fields)).FirstOrDefault(v => v is not null);

    public string Describe() => Fixed is not null ? "fixed" : string.Join(" / ", Columns.Select(c => c.Header));
}
