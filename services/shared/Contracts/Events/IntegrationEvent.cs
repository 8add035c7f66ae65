namespace Growbin.Contracts.Events;

/// <summary>
/// Base of every event published on <see cref="DaprComponents.PubSub"/>. <see cref="Id"/> is the dedupe key
/// for subscribers: delivery is at-least-once.
/// </summary>
public abstract record IntegrationEvent(Guid Id, DateTimeOffset OccurredAt);
