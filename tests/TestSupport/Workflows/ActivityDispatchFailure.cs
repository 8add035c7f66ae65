namespace Growbin.TestSupport.Workflows;

/// <summary>
/// A workflow turn scheduled an activity for an app with no work-item stream: daprd cannot reach that app's
/// activity actor, fails the turn and retries it later; the workflow stays RUNNING.
/// </summary>
public sealed record ActivityDispatchFailure(string AppId, string InstanceId, string ActivityName, int TaskId, string TargetAppId, DateTimeOffset At);
