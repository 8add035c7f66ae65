namespace Growbin.TaskScheduler.DeadLetters;

/// <summary>The subscriber's answer to its sidecar (Dapr pub/sub API): SUCCESS acknowledges, RETRY asks for redelivery.</summary>
public sealed record PubSubResponse(string Status)
{
    public static PubSubResponse Success { get; } = new("SUCCESS");

    public static PubSubResponse Retry { get; } = new("RETRY");
}
