namespace Growbin.Operations.Tests;

/// <summary>
/// One rendered Kubernetes (or Dapr) object, as YamlDotNet reads it without a schema: mappings, sequences and string
/// scalars. Paths are dot-separated mapping keys; keys that contain dots (annotations) are read from the mapping.
/// </summary>
internal sealed class KubernetesObject(IDictionary<object, object> root)
{
    public string Kind => Text("kind") ?? string.Empty;

    public string Name => Text("metadata.name") ?? string.Empty;

    public string Namespace => Text("metadata.namespace") ?? string.Empty;

    public IDictionary<object, object> Root { get; } = root;

    public object? At(string path) => At(Root, path);

    public string? Text(string path) => At(path) as string;

    public IDictionary<object, object> Map(string path) =>
        At(path) as IDictionary<object, object> ?? new Dictionary<object, object>();

    public IReadOnlyList<object> List(string path) => At(path) as List<object> ?? [];

    public static object? At(object? node, string path)
    {
        foreach (var key in path.Split('.'))
        {
            if (node is not IDictionary<object, object> map || !map.TryGetValue(key, out node))
            {
                return null;
            }
        }

        return node;
    }

    public static string? Text(object? node, string path) => At(node, path) as string;

    public static IReadOnlyList<object> List(object? node, string path) => At(node, path) as List<object> ?? [];

    public static IDictionary<object, object> Map(object? node, string path) =>
        At(node, path) as IDictionary<object, object> ?? new Dictionary<object, object>();

    public override string ToString() => $"{Kind} {Namespace}/{Name}";
}
