namespace Growbin.Consistency.Tests;

internal static class YamlExtensions
{
    public static Dictionary<object, object> Map(this object node, string key) =>
        (Dictionary<object, object>)((Dictionary<object, object>)node)[key];

    public static List<object> List(this object node, string key) =>
        ((Dictionary<object, object>)node).TryGetValue(key, out var value) && value is List<object> list ? list : [];

    public static string? Text(this object node, string key) =>
        ((Dictionary<object, object>)node).TryGetValue(key, out var value) ? value?.ToString() : null;

    public static IEnumerable<Dictionary<object, object>> Maps(this List<object> list) => list.Cast<Dictionary<object, object>>();
}
