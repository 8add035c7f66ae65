using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Growbin.TestSupport.Dapr;
using Npgsql.PostgresTypes;

namespace Growbin.TestSupport.Postgres;

/// <summary>
/// Turns a column value in PostgreSQL's text form into the JSON that Dapr's postgres binding produces with
/// pgx's rows.Values() followed by Go's json.Marshal. Reading text keeps every type readable (even ones Npgsql
/// has no mapping for, such as PostGIS geography) and lets one table decide the JSON shape per type.
/// The zone passed to <see cref="Write"/> is the sidecar's local time zone (Go's time.Local), which timestamptz values
/// are reported in.
/// </summary>
internal static partial class PgTextJson
{
    public static void Write(Utf8JsonWriter writer, PostgresType type, string? text, TimeZoneInfo sidecarZone)
    {
        if (text is null)
        {
            writer.WriteNullValue();
            return;
        }

        if (type is PostgresArrayType array)
        {
            WriteArray(writer, array.Element, PgArrayLiteral.Parse(text, array.Element.InternalName == "box" ? ';' : ','), sidecarZone);
            return;
        }

        if (type is PostgresDomainType domain)
        {
            Write(writer, domain.BaseType, text, sidecarZone);
            return;
        }

        switch (type.InternalName)
        {
            case "int2" or "int4" or "int8" or "oid" or "float4" or "float8" or "numeric":
                // Go refuses to marshal NaN/Inf floats; a string is the closest useful answer.
                if (IsFiniteNumber(text))
                {
                    writer.WriteRawValue(text);
                }
                else
                {
                    writer.WriteStringValue(text);
                }

                break;
            case "bool":
                writer.WriteBooleanValue(text == "t");
                break;
            case "timestamptz":
                // pgx decodes timestamptz with time.Unix, so the time.Time is in the sidecar's time.Local (jackc/pgx
                // pgtype/timestamptz.go, scanPlanBinaryTimestamptzToTimestamptzScanner); Go marshals it as RFC 3339
                // with that zone's offset ("2026-12-03T23:05:00.123456+09:00", "Z" only where the offset is zero).
                if (TryParseTimestamp(text, out var instant))
                {
                    writer.WriteStringValue(Rfc3339NanoIn(instant, sidecarZone));
                }
                else
                {
                    writer.WriteStringValue(text); // infinity, BC dates
                }

                break;
            case "timestamp" or "date":
                // pgx yields these in UTC (pgtype/timestamp.go: time.Unix(...).UTC(); pgtype/date.go: time.UTC): Go
                // marshals RFC 3339 with nanoseconds, trailing zeros dropped, and "Z".
                if (TryParseTimestamp(text, out var utcInstant))
                {
                    writer.WriteStringValue(GoTime.Rfc3339Nano(utcInstant));
                }
                else
                {
                    writer.WriteStringValue(text); // infinity, BC dates
                }

                break;
            case "uuid":
                // pgx returns [16]uint8 for uuid, which Go marshals as an array of numbers, not a string.
                // That is why services select id::text when they want the usual form.
                writer.WriteStartArray();
                foreach (var b in Guid.Parse(text, CultureInfo.InvariantCulture).ToByteArray(bigEndian: true))
                {
                    writer.WriteNumberValue(b);
                }

                writer.WriteEndArray();
                break;
            case "bytea":
                // []byte marshals as base64.
                writer.WriteBase64StringValue(Convert.FromHexString(text.AsSpan(2)));
                break;
            case "json" or "jsonb":
                using (var document = JsonDocument.Parse(text))
                {
                    WriteGoJson(writer, document.RootElement);
                }

                break;
            default:
                // Types pgx has no Go mapping for come back as their text form (PostGIS: hex EWKB).
                writer.WriteStringValue(text);
                break;
        }
    }

    private static void WriteArray(Utf8JsonWriter writer, PostgresType element, List<object?> items, TimeZoneInfo sidecarZone)
    {
        writer.WriteStartArray();
        foreach (var item in items)
        {
            if (item is List<object?> nested)
            {
                WriteArray(writer, element, nested, sidecarZone);
            }
            else
            {
                Write(writer, element, (string?)item, sidecarZone);
            }
        }

        writer.WriteEndArray();
    }

    // pgx decodes json into map[string]any and Go marshals maps with sorted keys.
    private static void WriteGoJson(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                var properties = element.EnumerateObject()
                    .GroupBy(p => p.Name, StringComparer.Ordinal)
                    .Select(g => g.Last()) // duplicate keys in json: the last one wins, as in Go
                    .OrderBy(p => p.Name, StringComparer.Ordinal);
                foreach (var property in properties)
                {
                    writer.WritePropertyName(property.Name);
                    WriteGoJson(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteGoJson(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    // Go's time.RFC3339Nano ("2006-01-02T15:04:05.999999999Z07:00") of the instant in the zone: the offset in hours
    // and minutes (seconds of a historical offset are dropped), "Z" when it is zero.
    private static string Rfc3339NanoIn(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var utc = instant.UtcDateTime;
        var offset = zone.GetUtcOffset(utc);
        var local = utc + offset;
        var text = local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        var fraction = local.Ticks % TimeSpan.TicksPerSecond;
        if (fraction != 0)
        {
            text += "." + (fraction * 100).ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        }

        var minutes = (int)(offset.Ticks / TimeSpan.TicksPerMinute);
        if (minutes == 0)
        {
            return text + "Z";
        }

        var sign = minutes < 0 ? '-' : '+';
        minutes = Math.Abs(minutes);
        return string.Create(CultureInfo.InvariantCulture, $"{text}{sign}{minutes / 60:D2}:{minutes % 60:D2}");
    }

    private static bool IsFiniteNumber(string text) =>
        text.Length > 0 && (char.IsAsciiDigit(text[0]) || (text[0] == '-' && text.Length > 1 && char.IsAsciiDigit(text[1])));

    private static bool TryParseTimestamp(string text, out DateTimeOffset instant)
    {
        var match = Timestamp().Match(text);
        if (!match.Success)
        {
            instant = default;
            return false;
        }

        var date = DateTime.ParseExact(match.Groups["date"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var time = match.Groups["time"].Success
            ? TimeSpan.ParseExact(match.Groups["time"].Value, @"hh\:mm\:ss", CultureInfo.InvariantCulture)
            : TimeSpan.Zero;
        var fraction = match.Groups["fraction"].Success
            ? long.Parse(match.Groups["fraction"].Value.PadRight(7, '0')[..7], CultureInfo.InvariantCulture)
            : 0;
        var offset = TimeSpan.Zero;
        if (match.Groups["offset"].Success)
        {
            var parts = match.Groups["offset"].Value[1..].Split(':');
            offset = new TimeSpan(int.Parse(parts[0], CultureInfo.InvariantCulture),
                parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 0,
                parts.Length > 2 ? int.Parse(parts[2], CultureInfo.InvariantCulture) : 0);
            if (match.Groups["offset"].Value[0] == '-')
            {
                offset = -offset;
            }
        }

        var local = new DateTime(date.Ticks + time.Ticks + fraction, DateTimeKind.Unspecified);
        instant = new DateTimeOffset(local - offset, TimeSpan.Zero);
        return true;
    }

    [GeneratedRegex(@"^(?<date>\d{4}-\d{2}-\d{2})(?: (?<time>\d{2}:\d{2}:\d{2})(?:\.(?<fraction>\d+))?)?(?<offset>[+-]\d{2}(?::\d{2}){0,2})?$")]
    private static partial Regex Timestamp();
}
