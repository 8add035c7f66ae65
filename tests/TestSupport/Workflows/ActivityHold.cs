namespace Growbin.TestSupport.Workflows;

/// <summary>Keeps an activity's work items in the sidecar until released (or disposed).</summary>
public sealed class ActivityHold : IDisposable
{
    private readonly Action<ActivityHold> _release;
    private int _released;

    internal ActivityHold(string appId, string activityName, Action<ActivityHold> release)
    {
        AppId = appId;
        ActivityName = activityName;
        _release = release;
    }

    public string AppId { get; }

    public string ActivityName { get; }

    /// <summary>Lets the held work items (and later ones) be dispatched.</summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            _release(this);
        }
    }

    public void Dispose() => Release();
}
