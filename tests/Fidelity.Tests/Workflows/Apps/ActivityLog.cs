namespace Growbin.Fidelity.Tests.Workflows.Apps;

/// <summary>
/// Shared by every host of a scenario: records each activity run, fails runs a test scripted to fail, and holds
/// runs of an activity until the test releases them.
/// </summary>
public sealed class ActivityLog
{
    private readonly object _gate = new();
    private readonly List<ActivityRun> _runs = [];
    private readonly Dictionary<string, int> _failuresLeft = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskCompletionSource> _holds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TaskCompletionSource> _started = new(StringComparer.Ordinal);

    public IReadOnlyList<ActivityRun> Runs
    {
        get
        {
            lock (_gate)
            {
                return _runs.ToList();
            }
        }
    }

    public int RunsOf(string activity) => Runs.Count(r => r.Activity == activity);

    /// <summary>The next <paramref name="times"/> runs of <paramref name="activity"/> throw.</summary>
    public void FailNext(string activity, int times)
    {
        lock (_gate)
        {
            _failuresLeft[activity] = times;
        }
    }

    /// <summary>Runs of <paramref name="activity"/> wait inside the activity until <see cref="Release"/>.</summary>
    public void Hold(string activity)
    {
        lock (_gate)
        {
            _holds[activity] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    public void Release(string activity)
    {
        lock (_gate)
        {
            if (_holds.Remove(activity, out var hold))
            {
                hold.TrySetResult();
            }
        }
    }

    /// <summary>Completes once a run of <paramref name="activity"/> has begun.</summary>
    public Task StartedAsync(string activity)
    {
        lock (_gate)
        {
            return StartedSignal(activity).Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    public async Task RunAsync(string appId, string activity, string instanceId, string? input)
    {
        Task hold;
        lock (_gate)
        {
            _runs.Add(new ActivityRun(appId, activity, instanceId, input));
            StartedSignal(activity).TrySetResult();
            hold = _holds.TryGetValue(activity, out var held) ? held.Task : Task.CompletedTask;
        }

        await hold;
        lock (_gate)
        {
            if (_failuresLeft.TryGetValue(activity, out var left) && left > 0)
            {
                _failuresLeft[activity] = left - 1;
                throw new InvalidOperationException($"{activity} failed as scripted ({left - 1} failure(s) left)");
            }
        }
    }

    private TaskCompletionSource StartedSignal(string activity)
    {
        if (!_started.TryGetValue(activity, out var started))
        {
            started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _started[activity] = started;
        }

        return started;
    }
}
