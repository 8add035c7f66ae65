using System.Text;

namespace Growbin.Csv;

/// <summary>Writes CSV records (RFC 4180 quoting, LF line ends): a field is quoted when it holds a comma, a quote, a line break or edge spaces.</summary>
public static class CsvWriter
{
    public static void WriteRecord(TextWriter writer, IEnumerable<string?> fields)
    {
        var first = true;
        foreach (var field in fields)
        {
            if (!first)
            {
                writer.Write(',');
            }

            first = false;
            writer.Write(Quote(field ?? ""));
        }

        writer.Write('\n'); // LF like the rest of the repository; the importer reads CRLF as well
    }

    private static string Quote(string field)
    {
        var needsQuotes = field.AsSpan().IndexOfAny(",\"\r\n") >= 0
            || (field.Length > 0 && (char.IsWhiteSpace(field[0]) || char.IsWhiteSpace(field[^1])));
        if (!needsQuotes)
        {
            return field;
        }

        var builder = new StringBuilder(field.Length + 2).Append('"');
        builder.Append(field.Replace("\"", "\"\"", StringComparison.Ordinal));
        return builder.Append('"').ToString();
    }
}
