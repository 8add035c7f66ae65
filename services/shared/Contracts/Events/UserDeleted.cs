namespace Growbin.Contracts.Events;

/// <summary>A user deleted their account. Topic <see cref="Topics.UserDeleted"/>; their data is purged.</summary>
public sealed record UserDeleted(Guid Id, DateTimeOffset OccurredAt, string UserId) : IntegrationEvent(Id, OccurredAt);
