namespace Growbin.TestSupport.Workflows;

internal enum ActivityFaultKind
{
    /// <summary>The worker ran the activity but died before its CompleteActivityTask reached the sidecar.</summary>
    LoseCompletion,

    /// <summary>The same CompleteActivityTask arrives twice.</summary>
    DuplicateCompletion,

    /// <summary>The activity work item is dispatched twice.</summary>
    Redeliver,

    /// <summary>The attempt fails in the sidecar without reaching the app.</summary>
    Fail,
}
