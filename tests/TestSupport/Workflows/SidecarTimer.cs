using Google.Protobuf.WellKnownTypes;

namespace Growbin.TestSupport.Workflows;

/// <summary>The sidecar's record of a durable timer (daprd: the workflow actor's <c>timer-{id}</c> reminder).</summary>
internal sealed class SidecarTimer(SidecarInstance owner, int timerId, DateTimeOffset createdAt, Timestamp fireAt, DurableTimerOrigin origin, string? eventName)
{
    public SidecarInstance Owner { get; } = owner;

    public int Generation { get; } = owner.Generation;

    public int TimerId { get; } = timerId;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    /// <summary>Kept as sent: TimerFired echoes it to the nanosecond.</summary>
    public Timestamp FireAtTimestamp { get; } = fireAt;

    public DateTimeOffset FireAt { get; } = fireAt.ToDateTimeOffset();

    public DurableTimerOrigin Origin { get; } = origin;

    /// <summary>For an external-event timer, the event it guards (upper-cased, as daprd matches it).</summary>
    public string? EventName { get; } = eventName;

    public DateTimeOffset? FiredAt { get; set; }

    public bool Cancelled { get; set; }

    public bool Pending => FiredAt is null && !Cancelled;

    public DurableTimer ToRecord() =>
        new(Owner.AppId, Owner.InstanceId, TimerId, CreatedAt, FireAt, Origin, FiredAt, Cancelled);
}
