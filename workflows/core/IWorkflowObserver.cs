namespace Growbin.Workflows;

/// <summary>
/// Hears what the runtime does, for metrics and logs. An observer that throws is logged as a warning and ignored:
/// observing never fails, repeats or delays the work.
/// </summary>
public interface IWorkflowObserver
{
    void ActivityAttempted(string workflow, PendingActivity activity, ActivityOutcome outcome);

    void WorkflowFinished(string workflow, string instanceId, WorkflowInstance instance);
}
