namespace Growbin.Contracts.Events;

/// <summary>A scan finished with an answer. Topic <see cref="Topics.ScanCompleted"/>; userinfo records it as history.</summary>
public sealed record ScanCompleted(
    Guid Id,
    DateTimeOffset OccurredAt,
    string ScanId,
    string UserId,
    string? ItemId,
    string ItemName,
    string Category,
    string AnswerSummary,
    string ImageKey,
    DateTimeOffset CompletedAt) : IntegrationEvent(Id, OccurredAt);
