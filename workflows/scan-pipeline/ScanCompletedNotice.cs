using Growbin.Contracts.Pipeline;

namespace Growbin.ScanPipeline;

public sealed record ScanCompletedNotice(string TaskId, string UserId, ScanResult Result, DateTime CompletedAt);
