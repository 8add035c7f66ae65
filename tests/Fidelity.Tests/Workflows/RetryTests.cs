using Dapr.Workflow;
using Growbin.TestSupport.Workflows;
using Growbin.Fidelity.Tests.Workflows.Activities;
using Growbin.Fidelity.Tests.Workflows.Apps;
using Growbin.Fidelity.Tests.Workflows.Workflows;

namespace Growbin.Fidelity.Tests.Workflows;

public sealed class RetryTests
{
    /// <remarks>Follows dapr/dotnet-sdk src/Dapr.Workflow RetryInterceptor (retries are the SDK's, on durable timers); dapr/durabletask-go backend/runtimestate/applier.go (TimerCreated EventId = action id).</remarks>
    [Theory]
    [InlineData(2, new[] { 1, 2 })]
    [InlineData(4, new[] { 1, 2, 4, 8 })]
    public async Task An_activity_that_fails_then_succeeds_is_retried_after_durable_timers_of_exactly_the_policys_delays(int failures, int[] delaySeconds)
    {
        await using var scenario = new SidecarScenario();
        var orchestrator = await scenario.StartAsync(AppIds.Orchestrator);
        await scenario.StartAsync(AppIds.WorkerA);
        scenario.Log.FailNext(nameof(FlakyActivity), failures);
        var startedAt = scenario.Sidecar.Clock.GetUtcNow();

        var id = await orchestrator.Client.ScheduleNewWorkflowAsync(nameof(RetryingWorkflow), "retry-1", "r");
        var finished = await scenario.Sidecar.RunUntilFinishedAsync(id);

        finished.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Completed);
        finished.Output.Should().Be("\"flaky(r)\"");
        scenario.Log.RunsOf(nameof(FlakyActivity)).Should().Be(failures + 1);
        var timers = scenario.Sidecar.TimersOf(id);
        timers.Should().OnlyContain(t => t.Origin == DurableTimerOrigin.ActivityRetry && t.FiredAt == t.FireAt);
        timers.Select(t => t.Delay).Should().Equal(delaySeconds.Select(s => TimeSpan.FromSeconds(s)));
        scenario.Sidecar.Clock.GetUtcNow().Should().Be(startedAt + TimeSpan.FromSeconds(delaySeconds.Sum()));
        // TimerCreated takes the action's id, and TimerFired names it.
        finished.History.Where(e => e.TimerCreated != null).Select(e => e.EventId).Should().Equal(timers.Select(t => t.TimerId));
        finished.History.Where(e => e.TimerFired != null).Select(e => e.TimerFired.TimerId).Should().Equal(timers.Select(t => t.TimerId));
        // Each attempt is its own scheduled task; only the last one succeeded.
        finished.History.Count(e => e.TaskScheduled is not null).Should().Be(failures + 1);
        finished.History.Count(e => e.TaskFailed is not null).Should().Be(failures);
    }

    /// <remarks>Follows dapr/durabletask-go backend/executor.go activityResponseEvent (TaskFailed carries the failure details).</remarks>
    [Fact]
    public async Task Retries_exhausted_fail_the_workflow_with_the_activitys_failure_details()
    {
        await using var scenario = new SidecarScenario();
        var orchestrator = await scenario.StartAsync(AppIds.Orchestrator);
        await scenario.StartAsync(AppIds.WorkerA);
        scenario.Log.FailNext(nameof(FlakyActivity), 5);

        var id = await orchestrator.Client.ScheduleNewWorkflowAsync(nameof(RetryingWorkflow), "exhausted-1", "r");
        var finished = await scenario.Sidecar.RunUntilFinishedAsync(id);

        finished.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Failed);
        scenario.Log.RunsOf(nameof(FlakyActivity)).Should().Be(RetryingWorkflow.Policy.MaxNumberOfAttempts);
        scenario.Sidecar.TimersOf(id).Select(t => t.Delay.TotalSeconds).Should().Equal(1, 2, 4, 8);
        var state = await orchestrator.Client.GetWorkflowStateAsync(id);
        state!.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Failed);
        state.FailureDetails!.ErrorType.Should().Be(typeof(WorkflowTaskFailedException).FullName);
        state.FailureDetails.ErrorMessage.Should().Contain("FlakyActivity failed as scripted (0 failure(s) left)");
        finished.History.Last(e => e.TaskFailed is not null).TaskFailed.FailureDetails.ErrorType
            .Should().Be(typeof(InvalidOperationException).FullName);
    }
}
