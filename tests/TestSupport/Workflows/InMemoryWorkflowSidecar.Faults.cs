using Grpc.Core;

namespace Growbin.TestSupport.Workflows;

// Fault injection. Each fault fires once; none waits on real time.
public sealed partial class InMemoryWorkflowSidecar
{
    /// <summary>
    /// The next time app <paramref name="appId"/> completes <paramref name="activityName"/>, the worker is gone:
    /// the activity ran, but its CompleteActivityTask fails with Unavailable and every stream of the app ends.
    /// The activity is dispatched again when the app connects again (restart its host: the SDK itself would only
    /// reconnect after 5 s of real time).
    /// </summary>
    public void LoseNextActivityCompletion(string appId, string activityName) => Arm(ActivityFaultKind.LoseCompletion, appId, activityName);

    /// <summary>The next CompleteActivityTask of <paramref name="activityName"/> from <paramref name="appId"/> arrives twice.</summary>
    public void DuplicateNextActivityCompletion(string appId, string activityName) => Arm(ActivityFaultKind.DuplicateCompletion, appId, activityName);

    /// <summary>The next dispatch of <paramref name="activityName"/> to <paramref name="appId"/> is sent twice; the second supersedes the first.</summary>
    public void RedeliverNextActivity(string appId, string activityName) => Arm(ActivityFaultKind.Redeliver, appId, activityName);

    /// <summary>
    /// The next <paramref name="times"/> attempts of <paramref name="activityName"/> in <paramref name="appId"/> fail
    /// without reaching the app: the sidecar answers each with a TaskFailed, as if the activity had thrown. They
    /// count in <see cref="DispatchCount"/> (marked <see cref="ActivityDispatch.InjectedFailure"/>).
    /// </summary>
    public void FailNextActivities(string appId, string activityName, int times = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(times);
        lock (_gate)
        {
            for (var i = 0; i < times; i++)
            {
                _armedFaults.Add(new ArmedActivityFault(ActivityFaultKind.Fail, appId, activityName));
            }
        }
    }

    /// <summary>
    /// Keeps work items of <paramref name="activityName"/> for <paramref name="appId"/> in the sidecar, undispatched,
    /// until the hold is released: the step waits, and the sidecar counts as idle meanwhile.
    /// </summary>
    public ActivityHold HoldActivities(string appId, string activityName)
    {
        var hold = new ActivityHold(appId, activityName, released =>
        {
            lock (_gate)
            {
                _holds.Remove(released);
                Pump();
                Changed();
            }
        });
        lock (_gate)
        {
            _holds.Add(hold);
        }

        return hold;
    }

    /// <summary>
    /// Ends every work-item stream of <paramref name="appId"/> (the SDK sees Unavailable). Work items in flight on
    /// them are dispatched again to the app's next stream.
    /// </summary>
    public void Disconnect(string appId)
    {
        lock (_gate)
        {
            EndStreamsOf(appId, new RpcException(new Status(StatusCode.Unavailable, "the sidecar closed the work-item stream")));
            Pump();
            Changed();
        }
    }

    private void Arm(ActivityFaultKind kind, string appId, string activityName)
    {
        lock (_gate)
        {
            _armedFaults.Add(new ArmedActivityFault(kind, appId, activityName));
        }
    }

    private bool TakeFault(ActivityFaultKind kind, string appId, string activityName)
    {
        var index = _armedFaults.FindIndex(f => f.Kind == kind && f.AppId == appId && f.ActivityName == activityName);
        if (index < 0)
        {
            return false;
        }

        _armedFaults.RemoveAt(index);
        return true;
    }
}
