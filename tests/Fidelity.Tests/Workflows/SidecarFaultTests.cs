using Dapr.Workflow;
using Growbin.Fidelity.Tests.Workflows.Activities;
using Growbin.Fidelity.Tests.Workflows.Apps;
using Growbin.Fidelity.Tests.Workflows.Workflows;

namespace Growbin.Fidelity.Tests.Workflows;

/// <summary>Faults the sidecar injects by itself, without the app's code taking part.</summary>
public sealed class SidecarFaultTests
{
    /// <remarks>Follows dapr/dapr pkg/actors/targets/workflow/orchestrator/activity.go callActivities.</remarks>
    [Fact]
    public async Task A_held_activity_waits_in_the_sidecar_with_the_sidecar_idle_and_runs_once_released()
    {
        await using var scenario = new SidecarScenario();
        var orchestrator = await scenario.StartAsync(AppIds.Orchestrator);
        await scenario.StartAsync(AppIds.WorkerA);
        var hold = scenario.Sidecar.HoldActivities(AppIds.WorkerA, nameof(StepTwoActivity));

        var id = await orchestrator.Client.ScheduleNewWorkflowAsync(nameof(TwoStepWorkflow), "hold-1", "h");
        await scenario.Sidecar.WaitForIdleAsync();
        var held = scenario.Sidecar.Instance(id);
        var dispatchedWhileHeld = scenario.Sidecar.DispatchCount(AppIds.WorkerA, nameof(StepTwoActivity));
        hold.Release();
        var finished = await scenario.Sidecar.RunUntilFinishedAsync(id);

        held.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Running);
        held.History.Should().Contain(e => e.TaskScheduled != null && e.TaskScheduled.Name == nameof(StepTwoActivity));
        dispatchedWhileHeld.Should().Be(0);
        finished.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Completed);
        scenario.Log.RunsOf(nameof(StepTwoActivity)).Should().Be(1);
    }

    /// <remarks>Follows dapr/durabletask-go backend/executor.go activityResponseEvent.</remarks>
    [Fact]
    public async Task Attempts_failed_in_the_sidecar_spend_the_retry_policy_without_running_the_activity()
    {
        await using var scenario = new SidecarScenario();
        var orchestrator = await scenario.StartAsync(AppIds.Orchestrator);
        await scenario.StartAsync(AppIds.WorkerA);
        scenario.Sidecar.FailNextActivities(AppIds.WorkerA, nameof(FlakyActivity), times: 2);

        var id = await orchestrator.Client.ScheduleNewWorkflowAsync(nameof(RetryingWorkflow), "injected-1", "i");
        var finished = await scenario.Sidecar.RunUntilFinishedAsync(id);

        finished.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Completed);
        scenario.Log.RunsOf(nameof(FlakyActivity)).Should().Be(1, "only the attempt that got through reached the app");
        scenario.Sidecar.DispatchCount(AppIds.WorkerA, nameof(FlakyActivity)).Should().Be(3);
        scenario.Sidecar.ActivityDispatches.Select(d => d.InjectedFailure).Should().Equal(true, true, false);
        scenario.Sidecar.TimersOf(id).Select(t => t.Delay.TotalSeconds).Should().Equal(1, 2);
        finished.History.Where(e => e.TaskFailed != null).Select(e => e.TaskFailed.FailureDetails.ErrorType)
            .Should().Equal("Growbin.TestSupport.Workflows.InjectedActivityFailure", "Growbin.TestSupport.Workflows.InjectedActivityFailure");
    }
}
