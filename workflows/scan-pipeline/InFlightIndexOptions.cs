namespace Growbin.ScanPipeline;

/// <summary>Config section <c>InFlight</c>.</summary>
public sealed class InFlightIndexOptions
{
    public const string SectionName = "InFlight";

    /// <summary>
    /// How long a scan stays on the in-flight index at most. Far beyond any scan (minutes), so a scan still listed after
    /// the stuck threshold is reported for a day; and bounded, so an entry whose removal was lost does not stay forever.
    /// </summary>
    public TimeSpan EntryTtl { get; set; } = TimeSpan.FromHours(24);
}
