using Dapr.DurableTask.Protobuf;
using Dapr.Workflow;
using Google.Protobuf.WellKnownTypes;
using Growbin.TestSupport.Dapr;
using Grpc.Core;

namespace Growbin.TestSupport.Workflows;

/// <summary>
/// The workflow half of daprd, in memory, for tests that run the real Dapr.Workflow SDK (worker and
/// <see cref="DaprWorkflowClient"/>) in process. One sidecar serves several apps, as daprds sharing one actor
/// state store do: each app gets its own gRPC client (<see cref="ClientFor"/>), its instances are its own, and
/// activities are routed to the app their router names. Durable timers run on <see cref="Clock"/>, which moves
/// only when a test (or <see cref="RunUntilFinishedAsync"/>) moves it. Behaviour copied from daprd carries a
/// comment naming the dapr/dapr or dapr/durabletask-go source it follows.
/// </summary>
public sealed partial class InMemoryWorkflowSidecar
{
    private static readonly TimeSpan DefaultMaxVirtualTime = TimeSpan.FromDays(1);

    private readonly object _gate = new();
    private readonly Dictionary<string, SidecarCallInvoker> _invokers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskHubSidecarService.TaskHubSidecarServiceClient> _clients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _roundRobin = new(StringComparer.Ordinal);
    private readonly List<SidecarInstance> _instances = [];
    private readonly List<SidecarActivity> _activities = [];
    private readonly List<SupersededDispatch> _superseded = [];
    private readonly List<WorkItemStream> _streams = [];
    private readonly List<SidecarTimer> _timers = [];
    private readonly List<ArmedActivityFault> _armedFaults = [];
    private readonly List<ActivityHold> _holds = [];
    private readonly List<ActivityDispatch> _activityDispatches = [];
    private readonly List<CompletedActivity> _completedActivities = [];
    private readonly List<WorkflowTurnDispatch> _turnDispatches = [];
    private readonly List<ActivityDispatchFailure> _dispatchFailures = [];
    private readonly List<IgnoredCompletion> _ignored = [];
    private readonly List<string> _faults = [];
    private TaskCompletionSource _changed = NewSignal();
    private long _nextStreamId;
    private Timestamp? _lastExternalEventTimestamp;

    public InMemoryWorkflowSidecar(ManualTimeProvider? clock = null)
    {
        Clock = clock ?? new ManualTimeProvider();
    }

    /// <summary>The sidecar's clock: event timestamps, the workflows' CurrentUtcDateTime and durable timers.</summary>
    public ManualTimeProvider Clock { get; }

    /// <summary>Real-time bound for the waiting helpers; past it they fail with a dump of the sidecar's state.</summary>
    public TimeSpan SafetyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The gRPC client app <paramref name="appId"/> uses to reach its sidecar (one per app, reused).</summary>
    public TaskHubSidecarService.TaskHubSidecarServiceClient ClientFor(string appId)
    {
        var invoker = CallInvokerFor(appId);
        lock (_gate)
        {
            if (!_clients.TryGetValue(appId, out var client))
            {
                client = new TaskHubSidecarService.TaskHubSidecarServiceClient(invoker);
                _clients[appId] = client;
            }

            return client;
        }
    }

    /// <summary>The raw channel of app <paramref name="appId"/>, for calls the typed client cannot make (e.g. malformed messages).</summary>
    public CallInvoker CallInvokerFor(string appId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(appId);
        lock (_gate)
        {
            if (!_invokers.TryGetValue(appId, out var invoker))
            {
                invoker = new SidecarCallInvoker(this, appId);
                _invokers[appId] = invoker;
            }

            return invoker;
        }
    }

    /// <summary>Every instance of every app, in creation order.</summary>
    public IReadOnlyList<WorkflowInstanceSnapshot> Instances
    {
        get
        {
            lock (_gate)
            {
                return _instances.Select(Snapshot).ToList();
            }
        }
    }

    /// <summary>Every durable timer created so far, in creation order.</summary>
    public IReadOnlyList<DurableTimer> Timers
    {
        get
        {
            lock (_gate)
            {
                return _timers.Select(t => t.ToRecord()).ToList();
            }
        }
    }

    public IReadOnlyList<ActivityDispatch> ActivityDispatches => Locked(() => _activityDispatches.ToList());

    /// <summary>Every activity completion the sidecar accepted, with the real time from its dispatch to its answer.</summary>
    public IReadOnlyList<CompletedActivity> CompletedActivities => Locked(() => _completedActivities.ToList());

    public IReadOnlyList<WorkflowTurnDispatch> TurnDispatches => Locked(() => _turnDispatches.ToList());

    public IReadOnlyList<ActivityDispatchFailure> DispatchFailures => Locked(() => _dispatchFailures.ToList());

    public IReadOnlyList<IgnoredCompletion> IgnoredCompletions => Locked(() => _ignored.ToList());

    /// <summary>Errors inside the sidecar (a message that did not parse, an action it does not support).</summary>
    public IReadOnlyList<string> Faults => Locked(() => _faults.ToList());

    /// <summary>The instance <paramref name="instanceId"/> (of whichever app owns it).</summary>
    public WorkflowInstanceSnapshot Instance(string instanceId) => Locked(() => Snapshot(FindUnique(instanceId)));

    /// <summary>The committed history of <paramref name="instanceId"/> (of whichever app owns it).</summary>
    public IReadOnlyList<HistoryEvent> HistoryOf(string instanceId) => Instance(instanceId).History;

    public IReadOnlyList<DurableTimer> TimersOf(string instanceId) =>
        Timers.Where(t => t.InstanceId == instanceId).ToList();

    /// <summary>
    /// How many attempts of <paramref name="activityName"/> went to <paramref name="appId"/>: work items sent, plus
    /// attempts <see cref="FailNextActivities"/> failed in their place.
    /// </summary>
    public int DispatchCount(string appId, string activityName) =>
        Locked(() => _activityDispatches.Count(d => d.AppId == appId && d.ActivityName == activityName));

    /// <summary>How many GetWorkItems streams <paramref name="appId"/> has open.</summary>
    public int ConnectedStreams(string appId) => Locked(() => _streams.Count(s => s.AppId == appId));

    /// <summary>Throws if anything went wrong inside the sidecar (the SDK swallows errors of its completion calls).</summary>
    public void ThrowIfFaulted() => Locked(() =>
    {
        ThrowIfFaultedLocked();
        return true;
    });

    /// <summary>
    /// Waits until nothing is in flight (no work item sent and unanswered) and nothing can be dispatched now
    /// (queued work waits only for apps without a stream, timers only for the clock). Fails after
    /// <see cref="SafetyTimeout"/> of real time, and whenever the sidecar has faulted.
    /// </summary>
    public async Task WaitForIdleAsync(CancellationToken cancellationToken = default)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(SafetyTimeout);
        await WaitUntilAsync(IsIdleLocked, "become idle", bound.Token, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits until <paramref name="appId"/> has at least <paramref name="streams"/> work-item streams open: a host
    /// that has just started connects in the background.
    /// </summary>
    public async Task WaitForConnectionAsync(string appId, int streams = 1, CancellationToken cancellationToken = default)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(SafetyTimeout);
        await WaitUntilAsync(() => _streams.Count(s => s.AppId == appId) >= streams, $"see {streams} stream(s) from '{appId}'", bound.Token, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="instanceId"/> to a terminal state: waits for idle, then moves the clock to the next
    /// due timer, again and again. Fails with a dump of the history if the instance is stuck (idle, not finished,
    /// no timer left), if it would need more than <paramref name="maxVirtualTime"/> (default one day) of clock
    /// time, or after <see cref="SafetyTimeout"/> of real time.
    /// </summary>
    public async Task<WorkflowInstanceSnapshot> RunUntilFinishedAsync(string instanceId, TimeSpan? maxVirtualTime = null, CancellationToken cancellationToken = default)
    {
        var limit = maxVirtualTime ?? DefaultMaxVirtualTime;
        var startedAt = Clock.GetUtcNow();
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(SafetyTimeout);
        while (true)
        {
            await WaitUntilAsync(IsIdleLocked, $"become idle while running '{instanceId}'", bound.Token, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                var instance = FindUnique(instanceId);
                if (instance.IsTerminal)
                {
                    return Snapshot(instance);
                }

                var next = NextDueTimeLocked();
                if (next is null)
                {
                    throw new InvalidOperationException(
                        $"Workflow instance '{instanceId}' is stuck: it is {instance.Status}, nothing is in flight or dispatchable and no timer is pending.\n{DescribeLocked()}");
                }

                if (next.Value - startedAt > limit)
                {
                    throw new InvalidOperationException(
                        $"Workflow instance '{instanceId}' did not finish within {limit} of virtual time (next timer due at {next.Value:O}).\n{DescribeLocked()}");
                }

                if (next.Value > Clock.GetUtcNow())
                {
                    Clock.SetUtcNow(next.Value);
                }

                Pump();
                Changed();
            }
        }
    }

    /// <summary>A readable dump of every instance, work item, stream, timer and fault.</summary>
    public string Describe() => Locked(DescribeLocked);

    private async Task WaitUntilAsync(Func<bool> condition, string what, CancellationToken bound, CancellationToken caller)
    {
        while (true)
        {
            Task signal;
            lock (_gate)
            {
                ThrowIfFaultedLocked();
                Pump();
                if (condition())
                {
                    return;
                }

                signal = _changed.Task;
            }

            try
            {
                await signal.WaitAsync(bound).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!caller.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"The in-memory workflow sidecar did not {what} within {SafetyTimeout} of real time.\n{Describe()}");
            }
        }
    }

    private bool IsIdleLocked() =>
        !_instances.Exists(i => i.Turn is not null)
        && !_activities.Exists(a => a.Stream is not null)
        && _superseded.Count == 0
        && !_instances.Exists(IsDispatchableLocked)
        && !_activities.Exists(a => a.Stream is null && IsActivityDispatchable(a));

    private DateTimeOffset? NextDueTimeLocked()
    {
        var now = Now();
        var dueTimes = _timers.Where(t => t.Pending && IsLive(t)).Select(t => t.FireAt)
            .Concat(_instances.Where(i => i.StartEvent is null && i.ScheduledStart is not null && i.Inbox.Count > 0)
                .Select(i => i.ScheduledStart!.Value))
            .Where(due => due > now)
            .ToList();
        return dueTimes.Count == 0 ? null : dueTimes.Min();
    }

    private SidecarInstance FindUnique(string instanceId)
    {
        var matches = _instances.Where(i => i.InstanceId == instanceId).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new InvalidOperationException($"No workflow instance '{instanceId}' in the sidecar.\n{DescribeLocked()}"),
            _ => throw new InvalidOperationException(
                $"Instance id '{instanceId}' exists in several apps ({string.Join(", ", matches.Select(m => m.AppId))})."),
        };
    }

    private SidecarInstance? Find(string appId, string instanceId) =>
        _instances.Find(i => i.AppId == appId && i.InstanceId == instanceId);

    private static WorkflowInstanceSnapshot Snapshot(SidecarInstance instance)
    {
        var start = instance.StartEvent;
        var completed = instance.CompletedEvent;
        return new WorkflowInstanceSnapshot(
            instance.AppId,
            instance.InstanceId,
            start?.Name ?? string.Empty,
            (WorkflowRuntimeStatus)(int)instance.Status,
            start?.Input,
            completed?.Result,
            instance.CustomStatus,
            completed?.FailureDetails?.Clone(),
            instance.History.Select(e => e.Clone()).ToList());
    }

    private void ThrowIfFaultedLocked()
    {
        if (_faults.Count > 0)
        {
            throw new InvalidOperationException($"The in-memory workflow sidecar faulted:\n{string.Join("\n", _faults)}");
        }
    }

    private void RecordFault(string fault)
    {
        lock (_gate)
        {
            _faults.Add(fault);
            Changed();
        }
    }

    private T Locked<T>(Func<T> read)
    {
        lock (_gate)
        {
            return read();
        }
    }

    /// <summary>Wakes every waiter; called (under the lock) after each change of state.</summary>
    private void Changed()
    {
        var changed = _changed;
        _changed = NewSignal();
        changed.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private DateTimeOffset Now() => Clock.GetUtcNow();

    private Timestamp NowTimestamp() => Timestamp.FromDateTimeOffset(Clock.GetUtcNow());
}
