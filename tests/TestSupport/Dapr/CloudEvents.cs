using System.Globalization;
using System.Text.Json;
using Growbin.Contracts;

namespace Growbin.TestSupport.Dapr;

/// <summary>
/// Pub/sub messages as the sidecar makes them: the CloudEvent its publish API wraps an event in (what the broker
/// holds and a subscription route receives), and the envelope a raw-payload subscription receives.
/// </summary>
public static class CloudEvents
{
    /// <summary>What daprd sends a subscription route: <c>Content-Type</c> of every HTTP delivery (dapr/dapr pkg/runtime/subscription/postman/http/http.go).</summary>
    public const string ContentType = "application/cloudevents+json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A delivery of <paramref name="data"/> on <paramref name="topic"/> as a route receives it, with a fresh id.</summary>
    public static HttpContent Envelope(string topic, object data, string source)
    {
        var body = Published(Guid.NewGuid().ToString(), source, topic, DaprComponents.PubSub, JsonSerializer.SerializeToElement(data, Json), DateTimeOffset.UtcNow);
        return Content(body);
    }

    /// <summary>
    /// The CloudEvent daprd's publish API makes for JSON data (dapr/dapr pkg/runtime/pubsub/cloudevents.go NewCloudEvent,
    /// components-contrib pubsub/envelope.go NewCloudEventsEnvelope): id (a new uuid unless metadata
    /// <c>cloudevent.id</c> sets it), source = the publishing app id, type <c>com.dapr.event.sent</c>, specversion 1.0,
    /// datacontenttype, topic, pubsubname, empty trace fields, time (RFC 3339, seconds), data. Go's json.Marshal writes
    /// a map's keys in sorted order, so the bytes list them that way. Data-less publishes carry <c>"data": ""</c>
    /// (the empty body is not valid JSON, so the envelope keeps it as a string).
    /// </summary>
    public static byte[] Published(string id, string source, string topic, string pubsubName, JsonElement data, DateTimeOffset time)
    {
        var envelope = new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["data"] = data.ValueKind == JsonValueKind.Undefined ? "" : data,
            ["datacontenttype"] = "application/json",
            ["id"] = id,
            ["pubsubname"] = pubsubName,
            ["source"] = source,
            ["specversion"] = "1.0",
            ["time"] = time.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture).Replace("+00:00", "Z", StringComparison.Ordinal),
            ["topic"] = topic,
            ["traceid"] = "",
            ["traceparent"] = "",
            ["tracestate"] = "",
            ["type"] = "com.dapr.event.sent",
        };
        return JsonSerializer.SerializeToUtf8Bytes(envelope, Json);
    }

    /// <summary>
    /// What a subscription with <c>rawPayload: "true"</c> receives for the broker message <paramref name="message"/>:
    /// a new CloudEvent (random id, source <c>Dapr</c>, the subscription's topic) carrying the bytes untouched as
    /// <c>data_base64</c> (components-contrib pubsub/envelope.go FromRawPayload; dapr/dapr
    /// pkg/runtime/subscription/subscription.go marshals it for the HTTP delivery).
    /// </summary>
    public static byte[] RawPayload(string topic, string pubsubName, ReadOnlySpan<byte> message)
    {
        var envelope = new SortedDictionary<string, object?>(StringComparer.Ordinal)
        {
            ["data_base64"] = Convert.ToBase64String(message),
            ["datacontenttype"] = "application/octet-stream",
            ["id"] = Guid.NewGuid().ToString(),
            ["pubsubname"] = pubsubName,
            ["source"] = "Dapr",
            ["specversion"] = "1.0",
            ["topic"] = topic,
            ["type"] = "com.dapr.event.sent",
        };
        return JsonSerializer.SerializeToUtf8Bytes(envelope, Json);
    }

    /// <summary>A delivery body as an HTTP request body with the sidecar's content type.</summary>
    public static HttpContent Content(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(ContentType);
        return content;
    }

    /// <summary>A raw-payload delivery of <paramref name="message"/> (e.g. to the dead-letter route), as an HTTP body.</summary>
    public static HttpContent RawPayloadContent(string topic, byte[] message) =>
        Content(RawPayload(topic, DaprComponents.PubSub, message));
}
