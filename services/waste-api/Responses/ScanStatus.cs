namespace Growbin.WasteApi;

/// <summary>The values of <see cref="ScanStatusResponse.Status"/>.</summary>
public static class ScanStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";
}
