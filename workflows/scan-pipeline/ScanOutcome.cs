using Growbin.Contracts.Pipeline;

namespace Growbin.ScanPipeline;

/// <summary>The input of <see cref="FinishScan"/>: how the scan ended, when it started, and every step attempt it made.</summary>
public sealed record ScanOutcome(ScanState State, DateTimeOffset StartedAt, IReadOnlyList<StepAttempt> Attempts);
