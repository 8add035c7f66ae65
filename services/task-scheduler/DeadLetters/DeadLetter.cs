using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Growbin.TaskScheduler.DeadLetters;

/// <summary>
/// A message some subscriber's sidecar gave up on, as the broker held it. The sidecar publishes it to the dead-letter
/// topic unchanged (dapr/dapr pkg/runtime/subscription/subscription.go sendToDeadLetter: the message's bytes, straight
/// to the component), so it is the publisher's CloudEvent: <c>id</c>, <c>topic</c> (the original topic),
/// <c>pubsubname</c>, <c>type</c> and <c>source</c> (the publishing app) are read from it. Nothing in it says which
/// subscriber refused it: when two apps refuse the same event, it is one dead letter.
/// </summary>
/// <param name="EventId">The CloudEvent id; for a message without one, <c>sha256:</c> and the hash of its bytes.</param>
/// <param name="RawEvent">The message as text (invalid UTF-8 and NUL characters replaced with U+FFFD, which PostgreSQL text cannot hold).</param>
public sealed record DeadLetter(
    string EventId,
    string? Topic,
    string? PubSub,
    string? Type,
    string? Source,
    string RawEvent,
    DateTimeOffset ReceivedAt)
{
    /// <summary>The longest CloudEvent id kept as it is (the column allows 200); a longer one is replaced by the hash.</summary>
    public const int MaxEventIdLength = 200;

    private const int MaxAttributeLength = 200;

    public static DeadLetter Parse(ReadOnlySpan<byte> message, DateTimeOffset receivedAt)
    {
        var text = Encoding.UTF8.GetString(message).Replace('\0', '\uFFFD');
        string? id = null, topic = null, pubsub = null, type = null, source = null;
        try
        {
            var reader = new Utf8JsonReader(message);
            if (JsonDocument.TryParseValue(ref reader, out var document))
            {
                using (document)
                {
                    if (document.RootElement.ValueKind == JsonValueKind.Object)
                    {
                        var root = document.RootElement;
                        id = Attribute(root, "id", clip: false);
                        topic = Attribute(root, "topic");
                        pubsub = Attribute(root, "pubsubname");
                        type = Attribute(root, "type");
                        source = Attribute(root, "source");
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: kept as text, keyed by its hash.
        }

        var eventId = id is { Length: > 0 and <= MaxEventIdLength } ? id : "sha256:" + Convert.ToHexStringLower(SHA256.HashData(message));
        return new DeadLetter(eventId, topic, pubsub, type, source, text, receivedAt);
    }

    private static string? Attribute(JsonElement root, string name, bool clip = true)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var text = value.GetString()!.Replace('\0', '\uFFFD');
        return clip && text.Length > MaxAttributeLength ? text[..MaxAttributeLength] : text;
    }
}
