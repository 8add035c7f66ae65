namespace Growbin.TestSupport.Workflows;

/// <summary>A CompleteActivityTask / CompleteOrchestratorTask the sidecar acknowledged and dropped.</summary>
public sealed record IgnoredCompletion(string AppId, string InstanceId, int? TaskId, IgnoredCompletionReason Reason);
