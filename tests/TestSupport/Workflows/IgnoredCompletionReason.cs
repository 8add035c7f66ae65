namespace Growbin.TestSupport.Workflows;

/// <summary>Why a completion was accepted by the RPC but not applied (daprd answers these with success too).</summary>
public enum IgnoredCompletionReason
{
    /// <summary>No such task is pending (already completed, or never dispatched by this app).</summary>
    UnknownTask,

    /// <summary>The task was dispatched again since; the response belongs to an older dispatch.</summary>
    StaleCompletionToken,

    /// <summary>No workflow work item of that instance is in flight for that app.</summary>
    UnknownWorkflowTask,

    /// <summary>The instance the result belongs to was purged or re-created.</summary>
    InstanceGone,

    /// <summary>The workflow had already finished.</summary>
    InstanceCompleted,

    /// <summary>The same task's result is already in the history or inbox.</summary>
    DuplicateCompletion,
}
