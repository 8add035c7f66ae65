namespace Growbin.TestSupport.Dapr;

/// <summary>One output binding call as the sidecar received it (metadata copied at call time).</summary>
public sealed record BindingInvocation(
    string BindingName,
    string Operation,
    ReadOnlyMemory<byte> Data,
    IReadOnlyDictionary<string, string> Metadata);
