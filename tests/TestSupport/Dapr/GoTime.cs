using System.Globalization;
using System.Text;

namespace Growbin.TestSupport.Dapr;

/// <summary>Go's text forms for times and durations, as components written in Go emit them.</summary>
public static class GoTime
{
    /// <summary>time.RFC3339Nano in UTC: fractional seconds with trailing zeros dropped, 'Z' suffix.</summary>
    public static string Rfc3339Nano(DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        var text = utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        var fraction = utc.Ticks % TimeSpan.TicksPerSecond;
        if (fraction != 0)
        {
            text += "." + (fraction * 100).ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        }

        return text + "Z";
    }

    /// <summary>time.Duration.String(): "1.5s", "12.345ms", "850µs", "2m3.5s", "0s".</summary>
    public static string Duration(TimeSpan value)
    {
        var nanos = value.Ticks * 100;
        if (nanos == 0)
        {
            return "0s";
        }

        var sign = nanos < 0 ? "-" : string.Empty;
        nanos = Math.Abs(nanos);
        if (nanos < 1_000)
        {
            return $"{sign}{nanos}ns";
        }

        if (nanos < 1_000_000)
        {
            return sign + Decimal(nanos, 1_000) + "µs";
        }

        if (nanos < 1_000_000_000)
        {
            return sign + Decimal(nanos, 1_000_000) + "ms";
        }

        var builder = new StringBuilder(sign);
        var hours = nanos / 3_600_000_000_000;
        var minutes = nanos / 60_000_000_000 % 60;
        if (hours > 0)
        {
            builder.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        }

        if (hours > 0 || minutes > 0)
        {
            builder.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        }

        builder.Append(Decimal(nanos % 60_000_000_000, 1_000_000_000)).Append('s');
        return builder.ToString();
    }

    /// <summary>
    /// time.ParseDuration for the units Dapr's YAML uses ("1h", "30m", "1h30m", "90s", "250ms"); anything else is a
    /// <see cref="FormatException"/>.
    /// </summary>
    public static TimeSpan ParseDuration(string text)
    {
        var match = System.Text.RegularExpressions.Regex.Match(text, @"^(?<part>[0-9]+(\.[0-9]+)?(h|ms|m|s))+$");
        if (!match.Success)
        {
            throw new FormatException($"\"{text}\" is not a Go duration.");
        }

        return match.Groups["part"].Captures.Aggregate(TimeSpan.Zero, (sum, part) =>
        {
            var unit = part.Value.TrimStart('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '.');
            var amount = double.Parse(part.Value[..^unit.Length], CultureInfo.InvariantCulture);
            return sum + unit switch
            {
                "h" => TimeSpan.FromHours(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "s" => TimeSpan.FromSeconds(amount),
                _ => TimeSpan.FromMilliseconds(amount),
            };
        });
    }

    private static string Decimal(long value, long unit)
    {
        var whole = (value / unit).ToString(CultureInfo.InvariantCulture);
        var digits = unit.ToString(CultureInfo.InvariantCulture).Length - 1;
        var fraction = (value % unit).ToString("D" + digits, CultureInfo.InvariantCulture).TrimEnd('0');
        return fraction.Length == 0 ? whole : whole + "." + fraction;
    }
}
