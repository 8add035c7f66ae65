namespace Growbin.UserInfo.Events;

/// <summary>
/// The body a subscriber answers the sidecar with (Dapr pub/sub API): SUCCESS acknowledges, RETRY asks for redelivery,
/// DROP discards the message with a warning (and, with a dead-letter topic set, Dapr ≥ 1.13 forwards it there).
/// </summary>
public sealed record PubSubResponse(string Status)
{
    public static PubSubResponse Success { get; } = new("SUCCESS");

    public static PubSubResponse Retry { get; } = new("RETRY");

    public static PubSubResponse Drop { get; } = new("DROP");
}
