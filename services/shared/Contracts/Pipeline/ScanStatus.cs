namespace Growbin.Contracts.Pipeline;

/// <summary>The values of <see cref="ScanState.Status"/>.</summary>
public static class ScanStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";

    public static bool IsFinished(string status) => status is Completed or Failed;
}
