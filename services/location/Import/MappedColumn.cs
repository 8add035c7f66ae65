using Growbin.Csv;

namespace Growbin.Location.Import;

/// <summary>A mapped header found in a file: its position and its name as the file spells it (for reasons).</summary>
internal sealed record MappedColumn(int Index, string Header)
{
    public string? Read(IReadOnlyList<string> fields) => FieldText.Normalize(fields[Index]);
}
