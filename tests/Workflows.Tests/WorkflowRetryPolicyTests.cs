namespace Growbin.Workflows.Tests;

public sealed class WorkflowRetryPolicyTests
{
    [Fact]
    public void Delays_grow_by_the_coefficient_and_stop_at_the_cap()
    {
        var policy = new WorkflowRetryPolicy(10, TimeSpan.FromSeconds(2), 2, TimeSpan.FromSeconds(30));

        Enumerable.Range(1, 6).Select(policy.DelayAfter).Should().Equal(
            TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(16),
            TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Max_attempts_counts_the_first_try()
    {
        var policy = new WorkflowRetryPolicy(3, TimeSpan.FromSeconds(1));
        var start = DateTimeOffset.UnixEpoch;

        policy.AllowsRetry(1, start, start).Should().BeTrue();
        policy.AllowsRetry(2, start, start).Should().BeTrue();
        policy.AllowsRetry(3, start, start).Should().BeFalse();
    }

    [Fact]
    public void No_retry_starts_after_the_retry_timeout()
    {
        var policy = new WorkflowRetryPolicy(10, TimeSpan.FromSeconds(10), retryTimeout: TimeSpan.FromSeconds(15));
        var start = DateTimeOffset.UnixEpoch;

        policy.AllowsRetry(1, start, start).Should().BeTrue();
        policy.AllowsRetry(2, start, start + TimeSpan.FromSeconds(6)).Should().BeFalse();
    }

    [Fact]
    public void Defaults_match_dapr_workflow()
    {
        var policy = new WorkflowRetryPolicy(2, TimeSpan.FromSeconds(1));

        policy.BackoffCoefficient.Should().Be(1);
        policy.MaxRetryInterval.Should().Be(TimeSpan.FromHours(1));
        policy.RetryTimeout.Should().Be(Timeout.InfiniteTimeSpan);
    }

    [Fact]
    public void Nonsense_is_refused()
    {
        FluentActions.Invoking(() => new WorkflowRetryPolicy(0, TimeSpan.FromSeconds(1))).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => new WorkflowRetryPolicy(1, TimeSpan.Zero)).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => new WorkflowRetryPolicy(1, TimeSpan.FromSeconds(1), 0.5)).Should().Throw<ArgumentOutOfRangeException>();
    }
}
