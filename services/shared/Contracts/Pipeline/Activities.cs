namespace Growbin.Contracts.Pipeline;

/// <summary>
/// The scan's steps: Dapr Workflow activities, each registered under this name in its worker app and called by
/// <c>ScanWorkflow</c> with <c>TargetAppId</c> = that app. An activity returns a <see cref="StepResult{T}"/>: a value,
/// or a <see cref="StepFailure"/> for input that can never succeed (the scan fails at once, no retry). A transient
/// failure (timeout, 429, 5xx, a dependency down) is an exception, which the workflow's retry policy retries.
/// </summary>
public static class Activities
{
    public const string Upload = "upload";
    public const string Analyze = "analyze";
    public const string Rules = "rules";
    public const string Respond = "respond";

    /// <summary>The scan's steps in the order they run: what a person following a scan sees.</summary>
    public static readonly IReadOnlyList<string> ScanSteps = [Upload, Analyze, Rules, Respond];

    /// <summary>
    /// What a step is idempotent on: Dapr runs an activity at least once, and every attempt of the same step of the same
    /// scan must find the work the first one did.
    /// </summary>
    public static string IdempotencyKey(string taskId, string activity) => $"{taskId}:{activity}";
}
