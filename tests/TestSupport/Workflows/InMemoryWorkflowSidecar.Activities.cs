using Dapr.DurableTask.Protobuf;
using Google.Protobuf;

namespace Growbin.TestSupport.Workflows;

// Activities: activity/ (one activity actor per {instanceId}::{taskId} in the
// executing app, driven by a retry-forever reminder) and dapr/durabletask-go backend/executor.go executeActivityAsync.
public sealed partial class InMemoryWorkflowSidecar
{
    private void ScheduleActivity(SidecarInstance instance, HistoryEvent scheduled)
    {
        // dapr/dapr pkg/actors/targets/workflow/orchestrator/activity.go callActivities: a task whose result is already
        // known is not dispatched.
        if (IsResolved(instance.History, (HistoryEvent.EventTypeOneofCase.TaskScheduled, scheduled.EventId))
            || IsResolved(instance.Inbox, (HistoryEvent.EventTypeOneofCase.TaskScheduled, scheduled.EventId)))
        {
            return;
        }

        // dapr/dapr pkg/actors/targets/workflow/activity/execute.go executeActivity: a second arrival for an execution
        // in flight follows it.
        if (_activities.Exists(a => a.Owner == instance && a.OwnerGeneration == instance.Generation && a.TaskId == scheduled.EventId))
        {
            return;
        }

        _activities.Add(new SidecarActivity(TargetAppOf(instance, scheduled), instance, scheduled.Clone()));
    }

    private void DispatchActivity(SidecarActivity activity, WorkItemStream stream)
    {
        if (TakeFault(ActivityFaultKind.Fail, activity.AppId, activity.Name))
        {
            FailInPlace(activity, stream);
            return;
        }

        Send(activity, stream);
        if (TakeFault(ActivityFaultKind.Redeliver, activity.AppId, activity.Name))
        {
            // dapr/dapr pkg/actors/targets/workflow/activity/execute.go claim: a redelivery whose earlier claim is
            // judged lost runs afresh; its dispatch supersedes the first (the executor keeps one pending registration
            // per {instance}/{task}).
            Send(activity, NextStream(activity.AppId) ?? stream);
        }
    }

    private void Send(SidecarActivity activity, WorkItemStream stream)
    {
        var task = activity.Scheduled.TaskScheduled;
        // dapr/durabletask-go backend/executor.go executeActivityAsync: the ActivityRequest and its completion token.
        var request = new ActivityRequest
        {
            Name = task.Name,
            Version = task.Version,
            Input = task.Input,
            WorkflowInstance = new WorkflowInstance { InstanceId = activity.Owner.InstanceId },
            TaskId = activity.TaskId,
            TaskExecutionId = task.TaskExecutionId,
            ParentTraceContext = task.ParentTraceContext,
        };
        if (activity is { Token: { } previous, Stream: { } previousStream })
        {
            // Still in flight: its answer is awaited (and dropped as stale) before the sidecar counts as idle.
            _superseded.Add(new SupersededDispatch(activity.AppId, activity.Owner.InstanceId, activity.TaskId, previous, previousStream));
        }

        activity.Token = Guid.NewGuid().ToString();
        activity.Stream = stream;
        activity.SentAt = System.Diagnostics.Stopwatch.GetTimestamp();
        stream.Send(new WorkItem { ActivityRequest = request, CompletionToken = activity.Token }.ToByteArray());
        _activityDispatches.Add(new ActivityDispatch(activity.AppId, activity.Owner.InstanceId, task.Name, activity.TaskId, task.TaskExecutionId, Now()));
    }

    private void FailInPlace(SidecarActivity activity, WorkItemStream stream)
    {
        var task = activity.Scheduled.TaskScheduled;
        activity.Token = Guid.NewGuid().ToString();
        activity.Stream = stream;
        _activityDispatches.Add(new ActivityDispatch(
            activity.AppId, activity.Owner.InstanceId, task.Name, activity.TaskId, task.TaskExecutionId, Now(), InjectedFailure: true));
        AcceptActivityCompletion(activity.AppId, new ActivityResponse
        {
            InstanceId = activity.Owner.InstanceId,
            TaskId = activity.TaskId,
            CompletionToken = activity.Token,
            FailureDetails = new TaskFailureDetails
            {
                ErrorType = "Growbin.TestSupport.Workflows.InjectedActivityFailure",
                ErrorMessage = $"The in-memory sidecar failed this attempt of '{task.Name}' in '{activity.AppId}', as the test asked.",
            },
        });
    }

    private CompleteTaskResponse CompleteActivityTask(string appId, byte[] request)
    {
        var response = ActivityResponse.Parser.ParseFrom(request);
        bool duplicate;
        lock (_gate)
        {
            var activity = FindActivity(appId, response.InstanceId, response.TaskId);
            if (activity?.Stream is not null && TakeFault(ActivityFaultKind.LoseCompletion, appId, activity.Name))
            {
                // The worker process died before its result reached the sidecar: its streams end with it and the
                // activity waits for the app to come back (dapr/dapr pkg/actors/targets/workflow/activity/reminder.go:
                // the run-activity reminder retries forever, and fires again once the app's actor types are registered
                // again).
                EndStreamsOf(appId, new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.Unavailable, "the worker process is gone")));
                Pump();
                Changed();
                throw new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.Unavailable,
                    $"injected fault: the completion of '{activity.Name}' from '{appId}' was lost with its worker"));
            }

            duplicate = activity is not null && TakeFault(ActivityFaultKind.DuplicateCompletion, appId, activity.Name);
            AcceptActivityCompletion(appId, response);
            Pump();
            Changed();
        }

        if (duplicate)
        {
            // The same message delivered again, parsed from the same bytes.
            lock (_gate)
            {
                AcceptActivityCompletion(appId, ActivityResponse.Parser.ParseFrom(request));
                Pump();
                Changed();
            }
        }

        return new CompleteTaskResponse();
    }

    private void AcceptActivityCompletion(string appId, ActivityResponse response)
    {
        var superseded = _superseded.Find(d => d.AppId == appId && d.Token == response.CompletionToken);
        if (superseded is not null)
        {
            // dapr/durabletask-go backend/executor.go executeActivityAsync: "discarding stale activity response
            // (completion token mismatch)" — the answer to a dispatch that a later one replaced.
            _superseded.Remove(superseded);
            Ignore(appId, response.InstanceId, response.TaskId, IgnoredCompletionReason.StaleCompletionToken);
            return;
        }

        var activity = FindActivity(appId, response.InstanceId, response.TaskId);
        if (activity?.Stream is null)
        {
            // dapr/durabletask-go backend/local/task.go CompleteActivityTask: no pending registration = unknown task
            // id, which dapr/dapr pkg/runtime/wfengine/backends/actors/actors.go callWithBackoff acknowledges
            // ("Ignoring complete task which no longer exists").
            Ignore(appId, response.InstanceId, response.TaskId, IgnoredCompletionReason.UnknownTask);
            return;
        }

        if (response.CompletionToken.Length > 0 && response.CompletionToken != activity.Token)
        {
            // dapr/durabletask-go backend/executor.go executeActivityAsync: "discarding stale activity response
            // (completion token mismatch)".
            Ignore(appId, response.InstanceId, response.TaskId, IgnoredCompletionReason.StaleCompletionToken);
            return;
        }

        _activities.Remove(activity);
        _completedActivities.Add(new CompletedActivity(activity.AppId, activity.Owner.InstanceId, activity.Name,
            response.FailureDetails is not null, System.Diagnostics.Stopwatch.GetElapsedTime(activity.SentAt)));
        var owner = activity.Owner;
        var task = activity.Scheduled.TaskScheduled;
        // dapr/durabletask-go backend/executor.go activityResponseEvent: TaskCompleted/TaskFailed with the scheduling
        // event's id, its taskExecutionId and router.
        var result = new HistoryEvent { EventId = -1, Timestamp = NowTimestamp(), Router = activity.Scheduled.Router?.Clone() };
        if (response.FailureDetails is not null)
        {
            result.TaskFailed = new TaskFailedEvent
            {
                TaskScheduledId = response.TaskId,
                TaskExecutionId = task.TaskExecutionId,
                FailureDetails = response.FailureDetails,
            };
        }
        else
        {
            result.TaskCompleted = new TaskCompletedEvent
            {
                TaskScheduledId = response.TaskId,
                Result = response.Result,
                TaskExecutionId = task.TaskExecutionId,
            };
        }

        if (!_instances.Contains(owner) || owner.Generation != activity.OwnerGeneration)
        {
            // dapr/dapr pkg/actors/targets/workflow/orchestrator/add.go addWorkflowEvent: a purged workflow answers
            // ErrInstanceNotFound, which ends the activity's retries.
            Ignore(appId, response.InstanceId, response.TaskId, IgnoredCompletionReason.InstanceGone);
        }
        else if (owner.IsCompleted)
        {
            // dapr/durabletask-go backend/orchestration.go applyWorkItem drops work items of a completed workflow.
            Ignore(appId, response.InstanceId, response.TaskId, IgnoredCompletionReason.InstanceCompleted);
        }
        else if (IsResolved(owner.History, ResolutionOf(result)!.Value) || IsResolved(owner.Inbox, ResolutionOf(result)!.Value))
        {
            // dapr/dapr pkg/actors/targets/workflow/orchestrator/add.go addWorkflowEvent / dapr/dapr
            // pkg/actors/targets/workflow/orchestrator/dedup/dedup.go IsDuplicateCompletion: a result already in
            // history or inbox is dropped.
            Ignore(appId, response.InstanceId, response.TaskId, IgnoredCompletionReason.DuplicateCompletion);
        }
        else
        {
            AddToInbox(owner, result);
        }
    }

    // dapr/durabletask-go backend/local/task.go: pending activities are keyed {instanceId}/{taskId} per daprd (app).
    private SidecarActivity? FindActivity(string appId, string instanceId, int taskId) =>
        _activities.Find(a => a.AppId == appId && a.Owner.InstanceId == instanceId && a.TaskId == taskId);

    private void Ignore(string appId, string instanceId, int? taskId, IgnoredCompletionReason reason) =>
        _ignored.Add(new IgnoredCompletion(appId, instanceId, taskId, reason));
}
