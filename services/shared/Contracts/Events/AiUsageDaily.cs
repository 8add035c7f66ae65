namespace Growbin.Contracts.Events;

/// <summary>One day's AI usage, published by task-scheduler. Topic <see cref="Topics.AiUsageDaily"/>.</summary>
public sealed record AiUsageDaily(
    Guid Id,
    DateTimeOffset OccurredAt,
    DateOnly Date,
    long Calls,
    long Tokens,
    decimal CostUsd) : IntegrationEvent(Id, OccurredAt);
