using System.Text;

namespace Growbin.Csv;

/// <summary>
/// RFC 4180 CSV: comma-separated, fields optionally in double quotes, a quote inside a quoted field doubled, CRLF, LF
/// or a lone CR ending a record, and line breaks kept inside quoted fields. Lenient where public-data files are sloppy
/// (as spreadsheet programs are): a quote inside an unquoted field is an ordinary character, and text after a closing
/// quote is appended to the field. Blank lines are not records. A quoted field still open at the end of the text is an
/// error, because it would silently swallow every row after it.
/// </summary>
public static class CsvParser
{
    public static IEnumerable<CsvRecord> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var recordStarted = false; // an empty line is no record; a line holding only "" is a record of one empty field
        var fieldQuoted = false;
        var i = 0;

        while (i < text.Length)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i += 2;
                        continue;
                    }

                    quoted = false;
                    i++;
                    continue;
                }

                if (c == '\n' || (c == '\r' && (i + 1 >= text.Length || text[i + 1] != '\n')))
                {
                    line++;
                }

                field.Append(c);
                i++;
                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0 && !fieldQuoted:
                    quoted = true;
                    fieldQuoted = true;
                    recordStarted = true;
                    i++;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldQuoted = false;
                    recordStarted = true;
                    i++;
                    break;
                case '\r' or '\n':
                    i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                    if (recordStarted)
                    {
                        fields.Add(field.ToString());
                        yield return new CsvRecord(recordLine, fields.ToArray());
                    }

                    fields.Clear();
                    field.Clear();
                    fieldQuoted = false;
                    recordStarted = false;
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(c);
                    recordStarted = true;
                    i++;
                    break;
            }
        }

        if (quoted)
        {
            throw new CsvFormatException(recordLine, "a quoted field is not closed before the end of the file");
        }

        if (recordStarted)
        {
            fields.Add(field.ToString());
            yield return new CsvRecord(recordLine, fields.ToArray());
        }
    }
}
