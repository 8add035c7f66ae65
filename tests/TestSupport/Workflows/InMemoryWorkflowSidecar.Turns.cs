using Dapr.DurableTask.Protobuf;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Growbin.TestSupport.Workflows;

// Workflow turns: one work item per instance at a time (the workflow actor's turn lock, dapr/dapr
// pkg/actors/targets/workflow/orchestrator/run.go), built by dapr/durabletask-go backend/orchestration.go applyWorkItem
// and committed by dapr/durabletask-go backend/runtimestate/applier.go Actions plus dapr/dapr
// pkg/actors/targets/workflow/orchestrator/run.go.
public sealed partial class InMemoryWorkflowSidecar
{
    private bool IsDispatchableLocked(SidecarInstance instance) =>
        instance.Turn is null
        && (instance.Inbox.Count > 0 || instance.RunPending)
        && !instance.IsCompleted
        && !(instance.StartEvent is null && instance.ScheduledStart > Now())
        && instance.BlockedOnApps.All(HasStream)
        && HasStream(instance.AppId);

    private void DispatchTurn(SidecarInstance instance, WorkItemStream stream)
    {
        // dapr/durabletask-go backend/orchestration.go applyWorkItem: every turn's new events begin with a
        // WorkflowStarted event stamped now (it becomes the workflow's CurrentUtcDateTime); inbox events already
        // resolved in history are dropped (dapr/durabletask-go backend/runtimestate/runtimestate.go AddEvents,
        // ErrDuplicateEvent).
        var newEvents = new List<HistoryEvent>
        {
            new() { EventId = -1, Timestamp = NowTimestamp(), WorkflowStarted = new WorkflowStartedEvent() },
        };
        foreach (var e in instance.Inbox)
        {
            if (!IsDuplicate(e, instance.History, newEvents))
            {
                newEvents.Add(e.Clone());
            }
        }

        var request = new WorkflowRequest
        {
            InstanceId = instance.InstanceId,
            ExecutionId = ExecutionIdOf(newEvents, instance.History),
            PastEvents = { instance.History },
            NewEvents = { newEvents },
        };
        var token = Guid.NewGuid().ToString();
        instance.Turn = new SidecarTurn(token, stream, instance.Inbox.ToList(), newEvents);
        instance.RunPending = false;
        // dapr/durabletask-go backend/executor.go GetWorkItems: every work item carries a completion token. The sidecar
        // always sends the full history (dapr/durabletask-go backend/executor_stateful.go: a send without cachedHistory
        // is always safe).
        stream.Send(new WorkItem { WorkflowRequest = request, CompletionToken = token }.ToByteArray());
        _turnDispatches.Add(new WorkflowTurnDispatch(
            instance.AppId, instance.InstanceId, instance.History.Count,
            newEvents.Select(e => e.EventTypeCase.ToString()).ToList(), Now()));
    }

    private CompleteTaskResponse CompleteWorkflowTask(string appId, WorkflowResponse response)
    {
        lock (_gate)
        {
            var instance = Find(appId, response.InstanceId);
            var turn = instance?.Turn;
            if (instance is null || turn is null)
            {
                // dapr/durabletask-go backend/local/task.go: no pending work item = unknown instance error, which
                // dapr/dapr pkg/runtime/wfengine/backends/actors/actors.go callWithBackoff ignores ("complete task
                // which no longer exists").
                Ignore(appId, response.InstanceId, null, IgnoredCompletionReason.UnknownWorkflowTask);
            }
            else if (response.CompletionToken.Length > 0 && response.CompletionToken != turn.Token)
            {
                // dapr/durabletask-go backend/executor.go executeWorkflowAsync: a response echoing another dispatch's
                // token is discarded.
                Ignore(appId, response.InstanceId, null, IgnoredCompletionReason.StaleCompletionToken);
            }
            else
            {
                instance.Turn = null;
                ApplyTurn(instance, turn, response);
                Pump();
                Changed();
            }
        }

        return new CompleteTaskResponse();
    }

    private void ApplyTurn(SidecarInstance instance, SidecarTurn turn, WorkflowResponse response)
    {
        var now = NowTimestamp();

        // dapr/durabletask-go backend/orchestration.go applyResponse: the response's version is recorded on the turn's
        // WorkflowStarted event.
        if (response.Version is { } version && (version.Patches.Count > 0 || version.HasName))
        {
            turn.NewEvents[0].WorkflowStarted.Version = version.Clone();
        }

        var actionEvents = new List<HistoryEvent>();
        var scheduled = new List<HistoryEvent>();
        var timers = new List<HistoryEvent>();
        var completed = false;
        foreach (var action in response.Actions)
        {
            // dapr/durabletask-go backend/runtimestate/applier.go Actions: every action's router names this app as its
            // source.
            var router = action.Router?.Clone() ?? new TaskRouter();
            router.SourceAppID = instance.AppId;
            switch (action.WorkflowActionTypeCase)
            {
                case WorkflowAction.WorkflowActionTypeOneofCase.CompleteWorkflow:
                    var complete = action.CompleteWorkflow;
                    if (completed)
                    {
                        // dapr/durabletask-go backend/runtimestate/applier.go: a completion already applied in this
                        // pass wins.
                        continue;
                    }

                    if (complete.WorkflowStatus == OrchestrationStatus.ContinuedAsNew)
                    {
                        ContinueAsNew(instance, turn, response, complete, router);
                        return;
                    }

                    if (complete.WorkflowStatus is not (OrchestrationStatus.Completed or OrchestrationStatus.Failed
                        or OrchestrationStatus.Terminated or OrchestrationStatus.Canceled))
                    {
                        _faults.Add($"Instance '{instance.InstanceId}' completed with status {complete.WorkflowStatus}, which the in-memory sidecar does not support.");
                        continue;
                    }

                    actionEvents.Add(new HistoryEvent
                    {
                        EventId = action.Id,
                        Timestamp = now,
                        ExecutionCompleted = new ExecutionCompletedEvent
                        {
                            WorkflowStatus = complete.WorkflowStatus,
                            Result = complete.Result,
                            FailureDetails = complete.FailureDetails,
                        },
                        Router = router,
                    });
                    completed = true;
                    break;

                case WorkflowAction.WorkflowActionTypeOneofCase.CreateTimer:
                    // dapr/durabletask-go backend/runtimestate/applier.go: TimerCreated takes EventId = action id, with
                    // the action's fireAt, name and origin.
                    var timer = action.CreateTimer;
                    var created = new TimerCreatedEvent { FireAt = timer.FireAt };
                    if (timer.HasName)
                    {
                        created.Name = timer.Name;
                    }

                    switch (timer.OriginCase)
                    {
                        case CreateTimerAction.OriginOneofCase.CreateTimer:
                            created.CreateTimer = timer.CreateTimer;
                            break;
                        case CreateTimerAction.OriginOneofCase.ExternalEvent:
                            created.ExternalEvent = timer.ExternalEvent;
                            break;
                        case CreateTimerAction.OriginOneofCase.ActivityRetry:
                            created.ActivityRetry = timer.ActivityRetry;
                            break;
                        case CreateTimerAction.OriginOneofCase.ChildWorkflowRetry:
                            created.ChildWorkflowRetry = timer.ChildWorkflowRetry;
                            break;
                    }

                    var timerEvent = new HistoryEvent { EventId = action.Id, Timestamp = now, TimerCreated = created, Router = router };
                    actionEvents.Add(timerEvent);
                    timers.Add(timerEvent);
                    break;

                case WorkflowAction.WorkflowActionTypeOneofCase.ScheduleTask:
                    // dapr/durabletask-go backend/runtimestate/applier.go: TaskScheduled takes EventId = action id.
                    var task = action.ScheduleTask;
                    var taskScheduled = new TaskScheduledEvent
                    {
                        Name = task.Name,
                        TaskExecutionId = task.TaskExecutionId,
                        Version = task.Version,
                        Input = task.Input,
                    };
                    if (task.HasHistoryPropagationScope)
                    {
                        taskScheduled.HistoryPropagationScope = task.HistoryPropagationScope;
                    }

                    var scheduledEvent = new HistoryEvent { EventId = action.Id, Timestamp = now, TaskScheduled = taskScheduled, Router = router };
                    actionEvents.Add(scheduledEvent);
                    scheduled.Add(scheduledEvent);
                    break;

                default:
                    // SendEvent included: dapr/dapr pkg/actors/targets/workflow/orchestrator/run.go fails the turn on
                    // an outbound EventSent message ("don't know how to process outbound message").
                    _faults.Add($"Instance '{instance.InstanceId}' returned a {action.WorkflowActionTypeCase} action, which the in-memory sidecar does not support.");
                    break;
            }
        }

        // dapr/dapr pkg/actors/targets/workflow/orchestrator/activity.go callActivity: the activity goes to the
        // activity actor of the router's target app (else this app's). That actor type exists only while the app has a
        // GetWorkItems stream (dapr/dapr pkg/runtime/wfengine/wfengine.go registers the workflow actors on a stream's
        // connect and removes them after the last disconnects), so an app without a stream cannot be reached.
        var unreachable = scheduled.Where(e => !HasStream(TargetAppOf(instance, e))).ToList();
        foreach (var e in scheduled.Except(unreachable))
        {
            // dapr/dapr pkg/actors/targets/workflow/orchestrator/activity.go callActivities dispatches each task in
            // turn, whatever happens to the others.
            ScheduleActivity(instance, e);
        }

        if (unreachable.Count > 0)
        {
            FailDispatch(instance, turn, response, actionEvents, scheduled, unreachable, timers);
            return;
        }

        instance.BlockedOnApps.Clear();
        instance.History.AddRange(turn.NewEvents);
        instance.History.AddRange(actionEvents);
        // dapr/durabletask-go backend/runtimestate/applier.go Actions: the custom status is the response's, turn by
        // turn.
        instance.CustomStatus = response.CustomStatus;
        instance.Inbox.RemoveAll(e => turn.ConsumedInbox.Any(consumed => ReferenceEquals(consumed, e)));
        CancelTimersFor(instance, turn.NewEvents);
        RecordTimers(instance, timers);
        if (instance.IsCompleted)
        {
            // dapr/dapr pkg/actors/targets/workflow/orchestrator/run.go: a completed workflow's unfired timers are
            // deleted with its reminders.
            CancelTimersOf(instance);
        }
    }

    private void FailDispatch(
        SidecarInstance instance, SidecarTurn turn, WorkflowResponse response, List<HistoryEvent> actionEvents,
        List<HistoryEvent> scheduled, List<HistoryEvent> unreachable, List<HistoryEvent> timers)
    {
        foreach (var e in unreachable)
        {
            _dispatchFailures.Add(new ActivityDispatchFailure(
                instance.AppId, instance.InstanceId, e.TaskScheduled.Name, e.EventId, TargetAppOf(instance, e), Now()));
        }

        // dapr/dapr pkg/actors/targets/workflow/orchestrator/run.go: the failed dispatch makes the turn fail with a
        // recoverable error; the reminder retries the whole turn later (here: when the unreachable apps connect, or
        // when a new event arrives).
        instance.BlockedOnApps.Clear();
        instance.BlockedOnApps.UnionWith(unreachable.Select(e => TargetAppOf(instance, e)));

        // dapr/dapr pkg/actors/targets/workflow/orchestrator/run.go: on a first turn with remote tasks the state is
        // saved without the events that failed to dispatch, so the workflow is RUNNING; the inbox is kept for the
        // retry. Otherwise nothing of the turn is saved.
        if (instance.History.Count == 0 && scheduled.Exists(e => e.Router?.HasTargetAppID == true))
        {
            instance.History.AddRange(turn.NewEvents);
            instance.History.AddRange(actionEvents.Where(e => !unreachable.Contains(e)));
            instance.CustomStatus = response.CustomStatus;
            RecordTimers(instance, timers);
        }
    }

    private void ContinueAsNew(SidecarInstance instance, SidecarTurn turn, WorkflowResponse response, CompleteWorkflowAction complete, TaskRouter router)
    {
        // dapr/durabletask-go backend/runtimestate/applier.go Actions (CONTINUED_AS_NEW): a new generation starts from
        // WorkflowStarted + ExecutionStarted (same name and parent, the new input, a new execution id) + the
        // carried-over events, and the rest of the turn's actions are ignored; dapr/durabletask-go
        // backend/orchestration.go then runs the new generation at once.
        var previous = instance.StartEvent ?? turn.NewEvents.Find(e => e.ExecutionStarted is not null)?.ExecutionStarted;
        var now = NowTimestamp();
        instance.Inbox.RemoveAll(e => turn.ConsumedInbox.Any(consumed => ReferenceEquals(consumed, e)));
        instance.History.Clear();
        CancelTimersOf(instance);
        instance.Generation++;
        instance.BlockedOnApps.Clear();
        instance.CustomStatus = response.CustomStatus;
        instance.History.Add(new HistoryEvent { EventId = -1, Timestamp = now, WorkflowStarted = new WorkflowStartedEvent(), Router = router });
        instance.History.Add(new HistoryEvent
        {
            EventId = -1,
            Timestamp = now,
            ExecutionStarted = new ExecutionStartedEvent
            {
                Name = previous?.Name ?? string.Empty,
                ParentInstance = previous?.ParentInstance,
                Input = complete.Result,
                WorkflowInstance = new WorkflowInstance { InstanceId = instance.InstanceId, ExecutionId = Guid.NewGuid().ToString() },
            },
            Router = router,
        });
        instance.Inbox.InsertRange(0, complete.CarryoverEvents.Select(e => e.Clone()));
        instance.RunPending = true;
    }

    private void RecordTimers(SidecarInstance instance, List<HistoryEvent> timerEvents)
    {
        foreach (var e in timerEvents)
        {
            var created = e.TimerCreated;
            var origin = created.OriginCase switch
            {
                TimerCreatedEvent.OriginOneofCase.CreateTimer => DurableTimerOrigin.CreateTimer,
                TimerCreatedEvent.OriginOneofCase.ExternalEvent => DurableTimerOrigin.ExternalEvent,
                TimerCreatedEvent.OriginOneofCase.ActivityRetry => DurableTimerOrigin.ActivityRetry,
                TimerCreatedEvent.OriginOneofCase.ChildWorkflowRetry => DurableTimerOrigin.ChildWorkflowRetry,
                _ => DurableTimerOrigin.Unspecified,
            };
            // dapr/dapr pkg/actors/targets/workflow/orchestrator/timer.go eventTimerName: the external event a timer
            // guards, matched upper-case.
            var eventName = created.ExternalEvent?.Name
                ?? (created.HasName && created.OriginCase == TimerCreatedEvent.OriginOneofCase.None ? created.Name : null);
            // dapr/dapr pkg/actors/targets/workflow/orchestrator/timer.go timerReminderName: one reminder per timer id
            // (re-creating it overwrites it).
            _timers.RemoveAll(t => t.Owner == instance && t.Generation == instance.Generation && t.TimerId == e.EventId && t.Pending);
            _timers.Add(new SidecarTimer(instance, e.EventId, Now(), created.FireAt, origin, eventName?.ToUpperInvariant()));
        }
    }

    private void CancelTimersFor(SidecarInstance instance, List<HistoryEvent> newEvents)
    {
        // dapr/dapr pkg/actors/targets/workflow/orchestrator/timer.go deleteCancelledEventTimers: each new EventRaised
        // cancels the oldest unfired timer guarding an event of that name.
        foreach (var raised in newEvents.Where(e => e.EventRaised is not null))
        {
            var name = raised.EventRaised.Name.ToUpperInvariant();
            var timer = _timers.Find(t => t.Owner == instance && t.Generation == instance.Generation && t.Pending && t.EventName == name);
            if (timer is not null)
            {
                timer.Cancelled = true;
            }
        }
    }

    private void CancelTimersOf(SidecarInstance instance)
    {
        foreach (var timer in _timers.Where(t => t.Owner == instance && t.Pending))
        {
            timer.Cancelled = true;
        }
    }

    private bool IsLive(SidecarTimer timer) =>
        _instances.Contains(timer.Owner) && timer.Owner.Generation == timer.Generation && !timer.Owner.IsCompleted;

    private static string TargetAppOf(SidecarInstance instance, HistoryEvent scheduled) =>
        scheduled.Router is { HasTargetAppID: true } router ? router.TargetAppID : instance.AppId;

    /// <summary>Adds an event to the inbox; like daprd's new-event reminder, a new event also retries a failed turn.</summary>
    private static void AddToInbox(SidecarInstance instance, HistoryEvent e)
    {
        instance.Inbox.Add(e);
        instance.BlockedOnApps.Clear();
    }

    // dapr/durabletask-go backend/executor.go executionID: the ExecutionStarted of the new events first, then of the
    // old.
    private static string? ExecutionIdOf(List<HistoryEvent> newEvents, List<HistoryEvent> oldEvents) =>
        newEvents.Concat(oldEvents).Select(e => e.ExecutionStarted?.WorkflowInstance?.ExecutionId).FirstOrDefault(id => id is not null);

    // dapr/durabletask-go backend/runtimestate/runtimestate.go addEventWithDedup: a second
    // ExecutionStarted/ExecutionCompleted, or a second resolution of the same task, timer or child workflow
    // (dapr/durabletask-go backend/runtimestate/dedup/key.go Of), is a duplicate.
    private static bool IsDuplicate(HistoryEvent e, List<HistoryEvent> history, List<HistoryEvent> newEvents)
    {
        if (e.ExecutionStarted is not null)
        {
            return history.Exists(h => h.ExecutionStarted is not null) || newEvents.Exists(h => h.ExecutionStarted is not null);
        }

        if (e.ExecutionCompleted is not null)
        {
            return history.Exists(h => h.ExecutionCompleted is not null) || newEvents.Exists(h => h.ExecutionCompleted is not null);
        }

        return ResolutionOf(e) is { } key && (IsResolved(history, key) || IsResolved(newEvents, key));
    }

    private static (HistoryEvent.EventTypeOneofCase Kind, int Id)? ResolutionOf(HistoryEvent e) => e.EventTypeCase switch
    {
        HistoryEvent.EventTypeOneofCase.TaskCompleted => (HistoryEvent.EventTypeOneofCase.TaskScheduled, e.TaskCompleted.TaskScheduledId),
        HistoryEvent.EventTypeOneofCase.TaskFailed => (HistoryEvent.EventTypeOneofCase.TaskScheduled, e.TaskFailed.TaskScheduledId),
        HistoryEvent.EventTypeOneofCase.TimerFired => (HistoryEvent.EventTypeOneofCase.TimerCreated, e.TimerFired.TimerId),
        HistoryEvent.EventTypeOneofCase.ChildWorkflowInstanceCompleted =>
            (HistoryEvent.EventTypeOneofCase.ChildWorkflowInstanceCreated, e.ChildWorkflowInstanceCompleted.TaskScheduledId),
        HistoryEvent.EventTypeOneofCase.ChildWorkflowInstanceFailed =>
            (HistoryEvent.EventTypeOneofCase.ChildWorkflowInstanceCreated, e.ChildWorkflowInstanceFailed.TaskScheduledId),
        _ => null,
    };

    private static bool IsResolved(List<HistoryEvent> events, (HistoryEvent.EventTypeOneofCase Kind, int Id) key) =>
        events.Exists(e => ResolutionOf(e) == key);
}
