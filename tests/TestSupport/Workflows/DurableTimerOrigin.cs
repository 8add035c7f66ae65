namespace Growbin.TestSupport.Workflows;

/// <summary>Why the workflow created a durable timer (the <c>origin</c> of its CreateTimer action).</summary>
public enum DurableTimerOrigin
{
    Unspecified,
    CreateTimer,
    ExternalEvent,
    ActivityRetry,
    ChildWorkflowRetry,
}
