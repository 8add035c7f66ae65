namespace Growbin.Contracts.Pipeline;

/// <summary>
/// How the scan pipeline calls its workers: Dapr service invocation of <c>POST /activities/{name}</c> on the worker's
/// app-id, the step input as the JSON body, and <see cref="IdempotencyKeyHeader"/> = <c>{taskId}:{name}</c>.
/// A 2xx body is the step output. A 4xx ProblemDetails is a non-retryable failure (the scan fails at once with its
/// reason); a 5xx, a timeout or a 429 is transient and retried by the pipeline's policy.
/// </summary>
public static class Activities
{
    public const string Upload = "upload";
    public const string Analyze = "analyze";
    public const string Rules = "rules";
    public const string Respond = "respond";

    /// <summary>The scan's steps in the order they run: what a person following a scan sees.</summary>
    public static readonly IReadOnlyList<string> ScanSteps = [Upload, Analyze, Rules, Respond];

    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public static string Route(string activity) => "/activities/" + activity;

    public static string IdempotencyKey(string taskId, string activity) => $"{taskId}:{activity}";
}
