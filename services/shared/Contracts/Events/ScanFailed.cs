namespace Growbin.Contracts.Events;

/// <summary>A scan ended without an answer. Topic <see cref="Topics.ScanFailed"/>.</summary>
public sealed record ScanFailed(
    Guid Id,
    DateTimeOffset OccurredAt,
    string ScanId,
    string UserId,
    string Step,
    string Reason,
    DateTimeOffset FailedAt) : IntegrationEvent(Id, OccurredAt);
