namespace Growbin.TestSupport.Workflows;

/// <summary>An activity completion the sidecar accepted: which run, whether it failed, and the real (wall-clock) time from its dispatch to its answer.</summary>
public sealed record CompletedActivity(string AppId, string InstanceId, string ActivityName, bool Failed, TimeSpan Elapsed);
