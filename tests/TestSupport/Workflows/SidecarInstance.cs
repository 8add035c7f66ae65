using Dapr.DurableTask.Protobuf;

namespace Growbin.TestSupport.Workflows;

/// <summary>
/// The sidecar's state of one workflow instance: what daprd keeps for the workflow actor
/// <c>dapr.internal.{ns}.{appId}.workflow</c> with this instance id (history, inbox, custom status), plus the one
/// work item that may be in flight for it. Only touched under the sidecar's lock.
/// </summary>
internal sealed class SidecarInstance(string appId, string instanceId)
{
    public string AppId { get; } = appId;

    public string InstanceId { get; } = instanceId;

    /// <summary>Committed events (daprd: <c>history-NNNNNN</c> keys).</summary>
    public List<HistoryEvent> History { get; } = [];

    /// <summary>Events waiting for the next turn (daprd: <c>inbox-NNNNNN</c> keys).</summary>
    public List<HistoryEvent> Inbox { get; } = [];

    public string? CustomStatus { get; set; }

    /// <summary>Bumped by ContinueAsNew and by a re-creation: timers of an older generation are ignored.</summary>
    public int Generation { get; set; }

    public DateTimeOffset? ScheduledStart { get; set; }

    /// <summary>ContinueAsNew committed a new generation that must run even with an empty inbox.</summary>
    public bool RunPending { get; set; }

    /// <summary>The workflow work item in flight, if any (at most one per instance).</summary>
    public SidecarTurn? Turn { get; set; }

    /// <summary>Apps a failed activity dispatch is waiting for; the turn is retried once they all have a stream.</summary>
    public HashSet<string> BlockedOnApps { get; } = new(StringComparer.Ordinal);

    public ExecutionStartedEvent? StartEvent => History.Find(e => e.ExecutionStarted is not null)?.ExecutionStarted;

    public ExecutionCompletedEvent? CompletedEvent => History.Find(e => e.ExecutionCompleted is not null)?.ExecutionCompleted;

    public bool IsCompleted => CompletedEvent is not null;

    // dapr/durabletask-go backend/runtimestate/runtimestate.go RuntimeStatus: no start event = PENDING, then the
    // completion's status, then SUSPENDED while the last suspend/resume event is a suspend, else RUNNING.
    public OrchestrationStatus Status
    {
        get
        {
            if (StartEvent is null)
            {
                return OrchestrationStatus.Pending;
            }

            if (CompletedEvent is { } completed)
            {
                return completed.WorkflowStatus;
            }

            var lastToggle = History.FindLast(e => e.ExecutionSuspended is not null || e.ExecutionResumed is not null);
            return lastToggle?.ExecutionSuspended is not null ? OrchestrationStatus.Suspended : OrchestrationStatus.Running;
        }
    }

    public bool IsTerminal => Status is OrchestrationStatus.Completed or OrchestrationStatus.Failed
        or OrchestrationStatus.Terminated or OrchestrationStatus.Canceled;

    /// <summary>A re-created instance starts from nothing (dapr/dapr pkg/actors/targets/workflow/orchestrator/create.go createIfCompleted: state.Reset()).</summary>
    public void Reset()
    {
        History.Clear();
        Inbox.Clear();
        CustomStatus = null;
        Turn = null;
        BlockedOnApps.Clear();
        ScheduledStart = null;
        RunPending = false;
        Generation++;
    }
}
