using System.Text.Json;

namespace Growbin.TestSupport.Dapr;

/// <summary>
/// One event handed to the pub/sub building block. Data is the JSON the sidecar would have received
/// (ValueKind Undefined for the data-less overloads).
/// </summary>
public sealed record PublishedEvent(
    string PubsubName,
    string Topic,
    JsonElement Data,
    IReadOnlyDictionary<string, string> Metadata);
