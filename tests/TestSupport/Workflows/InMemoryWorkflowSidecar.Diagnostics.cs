using System.Text;
using Dapr.DurableTask.Protobuf;

namespace Growbin.TestSupport.Workflows;

public sealed partial class InMemoryWorkflowSidecar
{
    private string DescribeLocked()
    {
        var text = new StringBuilder();
        text.AppendLine($"-- in-memory workflow sidecar at {Now():O}");
        foreach (var appId in _streams.Select(s => s.AppId).Distinct())
        {
            text.AppendLine($"app '{appId}': {_streams.Count(s => s.AppId == appId)} stream(s) open");
        }

        foreach (var instance in _instances)
        {
            text.AppendLine($"instance '{instance.InstanceId}' of '{instance.AppId}': {instance.Status}"
                + (instance.Turn is null ? string.Empty : $", turn in flight on stream {instance.Turn.Stream.Id}")
                + (instance.BlockedOnApps.Count == 0 ? string.Empty : $", dispatch waiting for {string.Join(", ", instance.BlockedOnApps)}")
                + (instance.CustomStatus is null ? string.Empty : $", custom status {instance.CustomStatus}"));
            foreach (var e in instance.History)
            {
                text.AppendLine($"  history {DescribeEvent(e)}");
            }

            foreach (var e in instance.Inbox)
            {
                text.AppendLine($"  inbox   {DescribeEvent(e)}");
            }
        }

        foreach (var activity in _activities)
        {
            text.AppendLine($"activity '{activity.Name}' #{activity.TaskId} of '{activity.Owner.InstanceId}' for '{activity.AppId}': "
                + (activity.Stream is null ? "waiting for a stream" : $"in flight on stream {activity.Stream.Id}"));
        }

        foreach (var superseded in _superseded)
        {
            text.AppendLine($"superseded dispatch #{superseded.TaskId} of '{superseded.InstanceId}' for '{superseded.AppId}' on stream {superseded.Stream.Id}: answer awaited");
        }

        foreach (var timer in _timers)
        {
            text.AppendLine($"timer #{timer.TimerId} of '{timer.Owner.InstanceId}' ({timer.Origin}): created {timer.CreatedAt:O}, fires {timer.FireAt:O}"
                + (timer.FiredAt is { } fired ? $", fired {fired:O}" : timer.Cancelled ? ", cancelled" : ", pending"));
        }

        foreach (var failure in _dispatchFailures)
        {
            text.AppendLine($"dispatch failure: '{failure.ActivityName}' #{failure.TaskId} of '{failure.InstanceId}' for unreachable app '{failure.TargetAppId}' at {failure.At:O}");
        }

        foreach (var ignored in _ignored)
        {
            text.AppendLine($"ignored completion from '{ignored.AppId}' for '{ignored.InstanceId}' #{ignored.TaskId}: {ignored.Reason}");
        }

        foreach (var fault in _faults)
        {
            text.AppendLine($"FAULT: {fault}");
        }

        return text.ToString();
    }

    private static string DescribeEvent(HistoryEvent e)
    {
        var detail = e.EventTypeCase switch
        {
            HistoryEvent.EventTypeOneofCase.ExecutionStarted => $"{e.ExecutionStarted.Name} input={e.ExecutionStarted.Input}",
            HistoryEvent.EventTypeOneofCase.ExecutionCompleted =>
                $"{e.ExecutionCompleted.WorkflowStatus} result={e.ExecutionCompleted.Result} {e.ExecutionCompleted.FailureDetails?.ErrorType} {e.ExecutionCompleted.FailureDetails?.ErrorMessage}",
            HistoryEvent.EventTypeOneofCase.TaskScheduled => $"{e.TaskScheduled.Name} -> {e.Router?.TargetAppID ?? "(own app)"}",
            HistoryEvent.EventTypeOneofCase.TaskCompleted => $"task #{e.TaskCompleted.TaskScheduledId} result={e.TaskCompleted.Result}",
            HistoryEvent.EventTypeOneofCase.TaskFailed =>
                $"task #{e.TaskFailed.TaskScheduledId} {e.TaskFailed.FailureDetails?.ErrorType}: {e.TaskFailed.FailureDetails?.ErrorMessage}",
            HistoryEvent.EventTypeOneofCase.TimerCreated => $"fires {e.TimerCreated.FireAt.ToDateTimeOffset():O} ({e.TimerCreated.OriginCase})",
            HistoryEvent.EventTypeOneofCase.TimerFired => $"timer #{e.TimerFired.TimerId}",
            HistoryEvent.EventTypeOneofCase.EventRaised => $"{e.EventRaised.Name} input={e.EventRaised.Input}",
            _ => string.Empty,
        };
        return $"#{e.EventId} {e.EventTypeCase} {detail} @ {e.Timestamp?.ToDateTimeOffset():O}".TrimEnd();
    }
}
