using System.Text.Json;

namespace Growbin.Auth.OAuth;

/// <summary>Tolerant reads from provider JSON: a missing, null or wrongly typed field is simply absent.</summary>
internal static class JsonFields
{
    public static JsonElement? Object(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : null;

    public static string? String(JsonElement? parent, string name) =>
        parent is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>False only when the field is present and false.</summary>
    public static bool NotFalse(JsonElement? parent, string name) =>
        !(parent is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.False);
}
