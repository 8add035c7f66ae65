namespace Growbin.ScanPipeline;

/// <param name="Step">The activity that failed.</param>
/// <param name="Reason">The failure's type (a ProblemDetails type URI from the worker) …</param>
/// <param name="Detail">… and its human-readable detail.</param>
public sealed record ScanFailedNotice(string TaskId, string UserId, string Step, string Reason, string Detail, DateTime FailedAt);
