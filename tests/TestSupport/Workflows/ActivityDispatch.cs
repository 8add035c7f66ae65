namespace Growbin.TestSupport.Workflows;

/// <summary>
/// An activity attempt the sidecar handled for an app: a work item sent to it (a redelivery is a second one with the
/// same task id), or an attempt <see cref="InMemoryWorkflowSidecar.FailNextActivities"/> failed in its place.
/// </summary>
public sealed record ActivityDispatch(
    string AppId, string InstanceId, string ActivityName, int TaskId, string TaskExecutionId, DateTimeOffset At, bool InjectedFailure = false);
