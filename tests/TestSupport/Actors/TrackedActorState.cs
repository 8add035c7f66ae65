using Dapr.Actors.Runtime;

namespace Growbin.TestSupport.Actors;

/// <summary>One cached state entry of an activation, with what the next save must do with it.</summary>
internal sealed class TrackedActorState(object? value, Type type, StateChangeKind kind, DateTimeOffset? expiresAt)
{
    public object? Value { get; set; } = value;

    public Type Type { get; set; } = type;

    public StateChangeKind Kind { get; set; } = kind;

    public DateTimeOffset? ExpiresAt { get; set; } = expiresAt;

    public bool IsGone(DateTimeOffset now) => Kind == StateChangeKind.Remove || (ExpiresAt is { } at && at <= now);
}
