namespace Growbin.Csv;

/// <summary>CSV text that cannot be split into records, such as a quoted field that never ends.</summary>
public sealed class CsvFormatException(int line, string message) : Exception($"line {line}: {message}")
{
    public int Line { get; } = line;
}
