namespace Growbin.ScanPipeline;

/// <summary>
/// Each user's task ids (<c>user-scans|{userId}</c>, a ServiceDefaults <c>UserKeyIndex</c>), listed before the scan's
/// workflow is scheduled, so a deleted account's scans are all found (<see cref="ScanPurge"/>). An entry lives as long
/// as anything of its scan can: the scan's end (at most <see cref="InFlightIndexOptions.EntryTtl"/> after its start)
/// plus the kept outcome's <see cref="ScanPipelineOptions.ResultTtl"/>. The daily scan quota keeps a user far below
/// <see cref="MaxEntries"/> in that time.
/// </summary>
public static class UserScans
{
    public const string IndexName = "user-scans";

    public const int MaxEntries = 2000;

    public static TimeSpan EntryTtl(ScanPipelineOptions pipeline, InFlightIndexOptions inFlight) => inFlight.EntryTtl + pipeline.ResultTtl;
}
