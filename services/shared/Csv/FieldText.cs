using System.Text;

namespace Growbin.Csv;

/// <summary>How a CSV value becomes a stored value: public-data cells carry stray line breaks, doubled and no-break spaces.</summary>
public static class FieldText
{
    /// <summary>
    /// Whitespace runs (line breaks, tabs, no-break and ideographic spaces) become one space and the ends are trimmed;
    /// other control characters and stray BOMs go (PostgreSQL text cannot hold NUL). Null when nothing is left.
    /// </summary>
    public static string? Normalize(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var builder = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value)
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (char.IsControl(c) || c == '\uFEFF')
            {
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.Length == 0 ? null : builder.ToString();
    }
}
