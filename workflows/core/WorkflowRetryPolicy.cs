using System.Text.Json.Serialization;

namespace Growbin.Workflows;

/// <summary>
/// Retry of one activity, with the meaning of Dapr.Workflow's WorkflowRetryPolicy: <see cref="MaxNumberOfAttempts"/>
/// counts the first try; the wait before retry n (n ≥ 1) is <c>firstRetryInterval × backoffCoefficient^(n−1)</c>, capped
/// at <see cref="MaxRetryInterval"/>; no retry starts after <see cref="RetryTimeout"/> from the first attempt.
/// </summary>
public sealed record WorkflowRetryPolicy
{
    public WorkflowRetryPolicy(
        int maxNumberOfAttempts,
        TimeSpan firstRetryInterval,
        double backoffCoefficient = 1.0,
        TimeSpan? maxRetryInterval = null,
        TimeSpan? retryTimeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNumberOfAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(firstRetryInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(backoffCoefficient, 1.0);
        MaxNumberOfAttempts = maxNumberOfAttempts;
        FirstRetryInterval = firstRetryInterval;
        BackoffCoefficient = backoffCoefficient;
        MaxRetryInterval = maxRetryInterval ?? TimeSpan.FromHours(1);
        RetryTimeout = retryTimeout ?? Timeout.InfiniteTimeSpan;
    }

    /// <summary>Reads a policy back from the instance state (every value present, as written).</summary>
    [JsonConstructor]
    private WorkflowRetryPolicy(int maxNumberOfAttempts, TimeSpan firstRetryInterval, double backoffCoefficient, TimeSpan maxRetryInterval, TimeSpan retryTimeout)
        : this(maxNumberOfAttempts, firstRetryInterval, backoffCoefficient, (TimeSpan?)maxRetryInterval, (TimeSpan?)retryTimeout)
    {
    }

    public int MaxNumberOfAttempts { get; init; }

    public TimeSpan FirstRetryInterval { get; init; }

    public double BackoffCoefficient { get; init; }

    public TimeSpan MaxRetryInterval { get; init; }

    public TimeSpan RetryTimeout { get; init; }

    /// <summary>How long to wait after failed attempt <paramref name="attempt"/> (1 = the first try) before the next.</summary>
    public TimeSpan DelayAfter(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var ticks = FirstRetryInterval.Ticks * Math.Pow(BackoffCoefficient, attempt - 1);
        return ticks >= MaxRetryInterval.Ticks ? MaxRetryInterval : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Whether another attempt may follow failed attempt <paramref name="attempt"/>, started at <paramref name="firstAttemptAt"/>.</summary>
    public bool AllowsRetry(int attempt, DateTimeOffset firstAttemptAt, DateTimeOffset now) =>
        attempt < MaxNumberOfAttempts
        && (RetryTimeout == Timeout.InfiniteTimeSpan || now + DelayAfter(attempt) < firstAttemptAt + RetryTimeout);
}
