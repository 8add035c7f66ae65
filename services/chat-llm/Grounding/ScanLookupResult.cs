namespace Growbin.ChatLlm.Grounding;

/// <summary>Found (with the scan), not found (not the caller's, or no such scan), or unavailable (answer without it).</summary>
public sealed record ScanLookupResult(ScanView? Scan, bool IsNotFound)
{
    public static readonly ScanLookupResult NotFound = new(null, true);
    public static readonly ScanLookupResult Unavailable = new(null, false);

    public static ScanLookupResult Found(ScanView scan) => new(scan, false);
}
