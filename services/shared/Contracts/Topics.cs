namespace Growbin.Contracts;

/// <summary>
/// Pub/sub topic names: the kebab-case name of the event record published on each.
/// </summary>
public static class Topics
{
    public const string ScanCompleted = "scan-completed";
    public const string ScanFailed = "scan-failed";
    public const string UserDeleted = "user-deleted";
    public const string AiUsageDaily = "ai-usage-daily";

    /// <summary>Where a subscriber's poison messages go after the component's retries.</summary>
    public const string DeadLetter = "dead-letter";
}
