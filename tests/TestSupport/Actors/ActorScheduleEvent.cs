using Dapr.Actors;

namespace Growbin.TestSupport.Actors;

/// <summary>One entry in <see cref="FakeActorTimerManager.History"/>.</summary>
public sealed record ActorScheduleEvent(
    ActorScheduleEventKind Kind,
    string ActorType,
    ActorId ActorId,
    string Name,
    DateTimeOffset At);
