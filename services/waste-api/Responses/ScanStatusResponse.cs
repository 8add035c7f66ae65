using System.Text.Json.Serialization;
using Growbin.Contracts.Pipeline;

namespace Growbin.WasteApi;

/// <param name="Status">queued, running, completed or failed (<see cref="ScanStatus"/>).</param>
/// <param name="Step">The step running now, or the last one: upload, analyze, rules, respond.</param>
/// <param name="Attempts">Attempts of that step so far (1 = first try).</param>
/// <param name="Result">The answer, once completed.</param>
/// <param name="Error">Why it failed, once failed.</param>
public sealed record ScanStatusResponse(
    string TaskId,
    string Status,
    string? Step,
    int Attempts,
    ScanResult? Result,
    ScanError? Error,
    DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt)
{
    [JsonIgnore]
    public bool IsFinished => ScanStatus.IsFinished(Status);
}
