namespace Growbin.Contracts;

/// <summary>
/// Pub/sub topic names: the kebab-case name of the event record published on each. Only events someone subscribes to
/// are published (a topic without a subscriber's queue drops every message: a RabbitMQ fanout exchange with no queue).
/// </summary>
public static class Topics
{
    /// <summary>scan-pipeline → userinfo (history).</summary>
    public const string ScanCompleted = "scan-completed";

    /// <summary>
    /// userinfo → everyone who keeps something of a user: auth (refresh tokens), chat-llm (conversations), waste-api
    /// (Idempotency-Keys, scan counts), location (search counts) and scan-pipeline (scans).
    /// </summary>
    public const string UserDeleted = "user-deleted";

    /// <summary>
    /// Where a subscriber's sidecar publishes a message it gave up on (after the inbound retries, or at once on DROP):
    /// the original message unchanged, so its CloudEvent still names the original topic. task-scheduler stores them.
    /// </summary>
    public const string DeadLetter = "dead-letter";
}
