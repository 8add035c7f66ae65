using Dapr.DurableTask.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Growbin.TestSupport.Workflows;

// GetWorkItems streams and dispatch: dapr/durabletask-go backend/executor.go GetWorkItems (one shared queue per daprd,
// each item sent on one stream; a stream's pending items are cancelled when it ends) and the timers of dapr/dapr
// pkg/actors/targets/workflow/orchestrator/timer.go.
public sealed partial class InMemoryWorkflowSidecar
{
    internal WorkItemStream OpenWorkItemStream(string appId, byte[] request, CancellationToken callToken)
    {
        try
        {
            GetWorkItemsRequest.Parser.ParseFrom(request);
        }
        catch (Exception ex)
        {
            RecordFault($"GetWorkItems from '{appId}' did not parse: {ex}");
            throw new RpcException(new Status(StatusCode.Internal, ex.Message));
        }

        WorkItemStream stream;
        lock (_gate)
        {
            stream = new WorkItemStream(++_nextStreamId, appId);
            _streams.Add(stream);
            Pump();
            Changed();
        }

        stream.CancellationRegistration = callToken.Register(() => CloseWorkItemStream(stream, error: null));
        return stream;
    }

    internal void CloseWorkItemStream(WorkItemStream stream, RpcException? error)
    {
        lock (_gate)
        {
            if (stream.Ended)
            {
                return;
            }

            EndStream(stream, error);
            Pump();
            Changed();
        }

        stream.CancellationRegistration?.Dispose();
    }

    private void EndStreamsOf(string appId, RpcException error)
    {
        foreach (var stream in _streams.Where(s => s.AppId == appId).ToList())
        {
            EndStream(stream, error);
        }
    }

    private void EndStream(WorkItemStream stream, RpcException? error)
    {
        stream.End(error);
        _streams.Remove(stream);
        // dapr/durabletask-go backend/executor.go GetWorkItems (deferred cleanup): the stream's pending workflow and
        // activity work items are cancelled. The workflow turn is abandoned and retried by its reminder (dapr/dapr
        // pkg/actors/targets/workflow/orchestrator/run.go); the activity execution fails and its retry-forever
        // run-activity reminder fires again (dapr/dapr pkg/actors/targets/workflow/activity/reminder.go), once the
        // app's actor types are registered again, i.e. it has a stream.
        foreach (var instance in _instances.Where(i => i.Turn?.Stream == stream))
        {
            instance.Turn = null;
        }

        foreach (var activity in _activities.Where(a => a.Stream == stream))
        {
            activity.Stream = null;
            activity.Token = null;
        }

        _superseded.RemoveAll(d => d.Stream == stream);
    }

    /// <summary>Fires due timers and sends every dispatchable work item to a stream of its app, until nothing moves.</summary>
    private void Pump()
    {
        while (PumpOnce())
        {
        }
    }

    private bool PumpOnce()
    {
        var progressed = FireDueTimers();
        foreach (var instance in _instances.ToList())
        {
            if (instance.Turn is null && instance.IsCompleted && (instance.Inbox.Count > 0 || instance.RunPending))
            {
                // dapr/durabletask-go backend/orchestration.go applyWorkItem: "workflow already completed; dropping
                // work item".
                instance.Inbox.Clear();
                instance.RunPending = false;
                continue;
            }

            if (IsDispatchableLocked(instance))
            {
                DispatchTurn(instance, NextStream(instance.AppId)!);
                progressed = true;
            }
        }

        foreach (var activity in _activities.Where(a => a.Stream is null).ToList())
        {
            // Re-checked: failing an attempt in place of dispatching it changes the list.
            if (activity.Stream is null && _activities.Contains(activity) && IsActivityDispatchable(activity))
            {
                DispatchActivity(activity, NextStream(activity.AppId)!);
                progressed = true;
            }
        }

        return progressed;
    }

    private bool IsActivityDispatchable(SidecarActivity activity) =>
        HasStream(activity.AppId) && !_holds.Exists(h => h.AppId == activity.AppId && h.ActivityName == activity.Name);

    private bool FireDueTimers()
    {
        var fired = false;
        var now = Now();
        foreach (var timer in _timers.Where(t => t.Pending && t.FireAt <= now).OrderBy(t => t.FireAt).ToList())
        {
            if (!IsLive(timer))
            {
                // dapr/dapr pkg/actors/targets/workflow/orchestrator/run.go: a timer of an older generation, or of a
                // completed workflow, is ignored.
                timer.Cancelled = true;
                continue;
            }

            // dapr/dapr pkg/actors/targets/workflow/orchestrator/run.go: the TimerFired event prepared with the timer
            // is stamped with the time it fires.
            fired = true;
            timer.FiredAt = now;
            AddToInbox(timer.Owner, new HistoryEvent
            {
                EventId = -1,
                Timestamp = Timestamp.FromDateTimeOffset(now),
                TimerFired = new TimerFiredEvent { TimerId = timer.TimerId, FireAt = timer.FireAtTimestamp },
            });
        }

        return fired;
    }

    private bool HasStream(string appId) => _streams.Exists(s => s.AppId == appId);

    private WorkItemStream? NextStream(string appId)
    {
        var streams = _streams.Where(s => s.AppId == appId).ToList();
        if (streams.Count == 0)
        {
            return null;
        }

        var next = _roundRobin.GetValueOrDefault(appId);
        _roundRobin[appId] = next + 1;
        return streams[next % streams.Count];
    }
}
