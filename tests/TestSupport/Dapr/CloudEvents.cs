using System.Text;
using System.Text.Json;
using Growbin.Contracts;

namespace Growbin.TestSupport.Dapr;

/// <summary>A pub/sub message as the sidecar delivers it to a subscription route: a CloudEvent whose data is the event.</summary>
public static class CloudEvents
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static HttpContent Envelope(string topic, object data, string source)
    {
        var envelope = new Dictionary<string, object?>
        {
            ["specversion"] = "1.0",
            ["id"] = Guid.NewGuid().ToString(),
            ["source"] = source,
            ["type"] = "com.dapr.event.sent",
            ["datacontenttype"] = "application/json",
            ["pubsubname"] = DaprComponents.PubSub,
            ["topic"] = topic,
            ["data"] = data,
        };
        return new StringContent(JsonSerializer.Serialize(envelope, Json), Encoding.UTF8, "application/cloudevents+json");
    }
}
