namespace Growbin.Workflows;

/// <summary>What a workflow sees while it runs (or is replayed), as Dapr.Workflow's WorkflowContext.</summary>
public abstract class WorkflowContext
{
    public abstract string Name { get; }

    public abstract string InstanceId { get; }

    /// <summary>The time of the step being replayed; the same on every replay, unlike the clock.</summary>
    public abstract DateTime CurrentUtcDateTime { get; }

    /// <summary>True while the workflow walks through history it has already recorded.</summary>
    public abstract bool IsReplaying { get; }

    /// <summary>
    /// Calls an activity: in-process when <see cref="WorkflowTaskOptions.TargetAppId"/> is null, otherwise by Dapr
    /// service invocation of <c>POST /activities/{name}</c> on that app. Retried by <see cref="WorkflowTaskOptions.RetryPolicy"/>
    /// only; when it fails for good the returned task throws <see cref="WorkflowTaskFailedException"/>.
    /// </summary>
    public abstract Task<T> CallActivityAsync<T>(string name, object? input = null, WorkflowTaskOptions? options = null);

    /// <summary>A small status the workflow wants callers to see (e.g. for progress); saved with the next checkpoint.</summary>
    public abstract void SetCustomStatus(object? customStatus);
}
