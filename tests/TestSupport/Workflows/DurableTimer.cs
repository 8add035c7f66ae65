namespace Growbin.TestSupport.Workflows;

/// <summary>
/// A durable timer a workflow created: <see cref="Delay"/> is exactly what the workflow asked for, since the
/// workflow's clock is the turn's WorkflowStarted timestamp, which is the sidecar clock when the turn ran.
/// </summary>
public sealed record DurableTimer(
    string AppId,
    string InstanceId,
    int TimerId,
    DateTimeOffset CreatedAt,
    DateTimeOffset FireAt,
    DurableTimerOrigin Origin,
    DateTimeOffset? FiredAt,
    bool Cancelled)
{
    public TimeSpan Delay => FireAt - CreatedAt;
}
