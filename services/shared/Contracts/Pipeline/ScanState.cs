namespace Growbin.Contracts.Pipeline;

/// <summary>
/// A scan as scan-pipeline reports it to waste-api (<see cref="ScanWorkflowApi"/>): from the running workflow, or, once
/// Dapr purged the finished instance, from the outcome kept with its own TTL.
/// </summary>
/// <param name="Status">queued, running, completed or failed (<see cref="ScanStatus"/>).</param>
/// <param name="Step">The step running now, or the last one: upload, analyze, rules, respond.</param>
/// <param name="Attempts">Attempts of that step so far (1 = first try).</param>
public sealed record ScanState(
    string TaskId,
    string UserId,
    string Status,
    string? Step,
    int Attempts,
    ScanResult? Result,
    ScanError? Error,
    DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt);
