namespace Growbin.WasteApi;

/// <summary>The 202 answer to an upload: where to follow the scan.</summary>
public sealed record ScanAccepted(string TaskId, string Status, string StatusUrl, string EventsUrl);
