using System.Text.Json;

namespace Growbin.UserInfo.Data;

/// <summary>Reads the binding's positional column values (JSON) into .NET values.</summary>
internal static class Columns
{
    public static string Text(JsonElement value) =>
        value.GetString() ?? throw new InvalidOperationException("A NOT NULL column came back null.");

    public static string? NullableText(JsonElement value) =>
        value.ValueKind == JsonValueKind.Null ? null : value.GetString();

    /// <summary>
    /// timestamptz arrives as an RFC 3339 string (Go's time.Time in JSON), microseconds at most, with the offset of the
    /// sidecar's time zone ("+09:00" on a sidecar in Seoul): taken as UTC, so answers do not depend on the sidecar.
    /// </summary>
    public static DateTimeOffset Timestamp(JsonElement value) => value.GetDateTimeOffset().ToUniversalTime();

    public static Guid Uuid(JsonElement value) => Guid.Parse(Text(value));
}
