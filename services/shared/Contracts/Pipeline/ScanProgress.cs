namespace Growbin.Contracts.Pipeline;

/// <summary>
/// The scan workflow's custom status: the step running (or the last one) and its attempt, 1 = first try; once the scan
/// failed, why. Dapr keeps it with the instance, so reading it never waits behind a running step.
/// </summary>
public sealed record ScanProgress(string Step, int Attempt, ScanError? Error = null);
