using System.Text;

namespace Growbin.TestSupport.Postgres;

/// <summary>
/// Parses PostgreSQL's text form of arrays ({1,2,NULL}, {"a b","c\"d"}, {{1,2},{3,4}}) into nested lists of
/// element texts (null for SQL NULL), so elements can be converted with their element type.
/// </summary>
internal static class PgArrayLiteral
{
    public static List<object?> Parse(string text, char delimiter = ',')
    {
        var start = 0;
        if (text.StartsWith('['))
        {
            // Explicit bounds, e.g. "[0:1]={1,2}": the bounds do not change the JSON shape.
            start = text.IndexOf('=', StringComparison.Ordinal) + 1;
        }

        var position = start;
        var result = ParseLevel(text, ref position, delimiter);
        return result;
    }

    private static List<object?> ParseLevel(string text, ref int position, char delimiter)
    {
        Expect(text, position, '{');
        position++;
        var items = new List<object?>();
        if (text[position] == '}')
        {
            position++;
            return items;
        }

        while (true)
        {
            if (text[position] == '{')
            {
                items.Add(ParseLevel(text, ref position, delimiter));
            }
            else if (text[position] == '"')
            {
                items.Add(ReadQuoted(text, ref position));
            }
            else
            {
                var raw = ReadUnquoted(text, ref position, delimiter);
                items.Add(string.Equals(raw, "NULL", StringComparison.OrdinalIgnoreCase) ? null : raw);
            }

            if (text[position] == delimiter)
            {
                position++;
                continue;
            }

            Expect(text, position, '}');
            position++;
            return items;
        }
    }

    private static string ReadQuoted(string text, ref int position)
    {
        var value = new StringBuilder();
        position++; // opening quote
        while (text[position] != '"')
        {
            if (text[position] == '\\')
            {
                position++;
            }

            value.Append(text[position]);
            position++;
        }

        position++; // closing quote
        return value.ToString();
    }

    private static string ReadUnquoted(string text, ref int position, char delimiter)
    {
        var value = new StringBuilder();
        while (text[position] != delimiter && text[position] != '}')
        {
            if (text[position] == '\\')
            {
                position++;
            }

            value.Append(text[position]);
            position++;
        }

        return value.ToString().Trim();
    }

    private static void Expect(string text, int position, char expected)
    {
        if (position >= text.Length || text[position] != expected)
        {
            throw new FormatException($"Malformed array literal at {position}: expected '{expected}' in {text}");
        }
    }
}
