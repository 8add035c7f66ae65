using Dapr.Workflow;
using Growbin.TestSupport.Workflows;
using Growbin.Fidelity.Tests.Workflows.Activities;
using Growbin.Fidelity.Tests.Workflows.Apps;
using Growbin.Fidelity.Tests.Workflows.Workflows;
using Grpc.Core;

namespace Growbin.Fidelity.Tests.Workflows;

/// <summary>Where daprd's behaviour is not the obvious one: unreachable apps, reused ids, duplicates.</summary>
public sealed class DaprBehaviourTests
{
    /// <remarks>Follows dapr/dapr pkg/actors/targets/workflow/orchestrator/run.go (a failed dispatch fails the turn, retried by its reminder).</remarks>
    [Fact]
    public async Task An_activity_for_an_app_without_a_stream_keeps_the_workflow_running_until_that_app_connects()
    {
        await using var scenario = new SidecarScenario();
        var orchestrator = await scenario.StartAsync(AppIds.Orchestrator);

        var id = await orchestrator.Client.ScheduleNewWorkflowAsync(nameof(GhostAppWorkflow), "ghost-1", "boo");
        await scenario.Sidecar.WaitForIdleAsync();

        var state = await orchestrator.Client.GetWorkflowStateAsync(id);
        state!.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Running);
        scenario.Sidecar.DispatchFailures.Should().ContainSingle()
            .Which.Should().Match<ActivityDispatchFailure>(f => f.TargetAppId == AppIds.Ghost && f.ActivityName == nameof(GhostActivity));
        scenario.Sidecar.DispatchCount(AppIds.Ghost, nameof(GhostActivity)).Should().Be(0);
        // The failed dispatch is not committed: the turn is retried, not the activity.
        scenario.Sidecar.HistoryOf(id).Should().NotContain(e => e.TaskScheduled != null);

        await scenario.StartAsync(AppIds.Ghost);
        var finished = await scenario.Sidecar.RunUntilFinishedAsync(id);

        finished.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Completed);
        finished.Output.Should().Be("\"ghost(boo)\"");
        scenario.Log.Runs.Should().ContainSingle().Which.AppId.Should().Be(AppIds.Ghost);
        finished.History.Should().ContainSingle(e => e.TaskScheduled != null);
    }

    /// <remarks>Follows dapr/dapr pkg/actors/targets/workflow/orchestrator/create.go createIfCompleted.</remarks>
    [Fact]
    public async Task Starting_an_id_that_is_running_is_refused_with_AlreadyExists_and_a_finished_one_starts_afresh()
    {
        await using var scenario = new SidecarScenario();
        var orchestrator = await scenario.StartAsync(AppIds.Orchestrator);
        var client = orchestrator.Client;

        var id = await client.ScheduleNewWorkflowAsync(nameof(AwaitApprovalWorkflow), "order-7", "first");
        var again = () => client.ScheduleNewWorkflowAsync(nameof(AwaitApprovalWorkflow), id, "second");

        (await again.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.AlreadyExists);
        var firstExecution = scenario.Sidecar.HistoryOf(id).Single(e => e.ExecutionStarted != null).ExecutionStarted.WorkflowInstance.ExecutionId;

        await client.RaiseEventAsync(id, AwaitApprovalWorkflow.EventName, "ann");
        (await scenario.Sidecar.RunUntilFinishedAsync(id)).Output.Should().Be("\"first approved by ann\"");

        await again.Should().NotThrowAsync();
        var restarted = scenario.Sidecar.Instance(id);
        restarted.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Running);
        restarted.Input.Should().Be("\"second\"");
        restarted.History.Should().ContainSingle(e => e.ExecutionStarted != null)
            .Which.ExecutionStarted.WorkflowInstance.ExecutionId.Should().NotBe(firstExecution);
        restarted.History.Should().NotContain(e => e.EventRaised != null || e.ExecutionCompleted != null);
    }

    /// <remarks>Follows dapr/durabletask-go backend/executor.go GetWorkItems; dapr/durabletask-go backend/orchestration.go applyWorkItem (full history each turn).</remarks>
    [Fact]
    public async Task The_workflow_host_restarting_between_activities_replays_history_and_runs_no_activity_twice()
    {
        await using var scenario = new SidecarScenario();
        var orchestrator = await scenario.StartAsync(AppIds.Orchestrator);
        await scenario.StartAsync(AppIds.WorkerA);
        scenario.Log.Hold(nameof(StepOneActivity));

        var id = await orchestrator.Client.ScheduleNewWorkflowAsync(nameof(TwoStepWorkflow), "restart-1", "x");
        await scenario.Log.StartedAsync(nameof(StepOneActivity));
        await orchestrator.DisposeAsync();
        scenario.Log.Release(nameof(StepOneActivity));
        await scenario.Sidecar.WaitForIdleAsync();

        scenario.Sidecar.ConnectedStreams(AppIds.Orchestrator).Should().Be(0);
        scenario.Sidecar.Instance(id).RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Running);
        var turnsBeforeRestart = scenario.Sidecar.TurnDispatches.Count;

        var restarted = await scenario.StartAsync(AppIds.Orchestrator);
        var finished = await scenario.Sidecar.RunUntilFinishedAsync(id);

        finished.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Completed);
        (await restarted.Client.GetWorkflowStateAsync(id))!.ReadOutputAs<string>().Should().Be("two(one(x))");
        scenario.Log.RunsOf(nameof(StepOneActivity)).Should().Be(1);
        scenario.Log.RunsOf(nameof(StepTwoActivity)).Should().Be(1);
        var replay = scenario.Sidecar.TurnDispatches[turnsBeforeRestart];
        replay.PastEvents.Should().BeGreaterThan(0, "the new host rebuilds the workflow from the history the sidecar kept");
        replay.NewEvents.Should().Equal("WorkflowStarted", "TaskCompleted");
    }

    /// <remarks>Follows dapr/dapr pkg/actors/targets/workflow/activity/reminder.go (the run-activity reminder fires again).</remarks>
    [Fact]
    public async Task A_worker_that_dies_after_running_an_activity_gets_it_again_when_it_comes_back_and_the_workflow_completes_once()
    {
        await using var scenario = new SidecarScenario();
        var orchestrator = await scenario.StartAsync(AppIds.Orchestrator);
        var worker = await scenario.StartAsync(AppIds.WorkerA);
        scenario.Sidecar.LoseNextActivityCompletion(AppIds.WorkerA, nameof(StepOneActivity));

        var id = await orchestrator.Client.ScheduleNewWorkflowAsync(nameof(TwoStepWorkflow), "crash-1", "x");
        await scenario.Sidecar.WaitForIdleAsync();
        // The process is gone: tear its host down before the SDK's own reconnect (5 s) would bring it back.
        await worker.DisposeAsync();

        scenario.Log.RunsOf(nameof(StepOneActivity)).Should().Be(1);
        scenario.Sidecar.ConnectedStreams(AppIds.WorkerA).Should().Be(0);
        scenario.Sidecar.Instance(id).RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Running);
        scenario.Sidecar.HistoryOf(id).Should().NotContain(e => e.TaskCompleted != null);

        await scenario.StartAsync(AppIds.WorkerA);
        var finished = await scenario.Sidecar.RunUntilFinishedAsync(id);

        finished.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Completed);
        finished.Output.Should().Be("\"two(one(x))\"");
        scenario.Log.RunsOf(nameof(StepOneActivity)).Should().Be(2, "an activity runs at least once");
        scenario.Log.RunsOf(nameof(StepTwoActivity)).Should().Be(1);
        scenario.Sidecar.DispatchCount(AppIds.WorkerA, nameof(StepOneActivity)).Should().Be(2);
        finished.History.Where(e => e.TaskCompleted != null).Select(e => e.TaskCompleted.TaskScheduledId).Should().Equal(0, 1);
        finished.History.Should().ContainSingle(e => e.ExecutionCompleted != null);
    }

    /// <remarks>Follows dapr/durabletask-go backend/executor.go GetWorkItems (a closed stream's pending items are cancelled).</remarks>
    [Fact]
    public async Task A_disconnected_worker_gets_its_in_flight_activity_again_when_a_stream_of_it_reconnects()
    {
        await using var scenario = new SidecarScenario();
        var orchestrator = await scenario.StartAsync(AppIds.Orchestrator);
        var worker = await scenario.StartAsync(AppIds.WorkerA);
        scenario.Log.Hold(nameof(StepOneActivity));

        var id = await orchestrator.Client.ScheduleNewWorkflowAsync(nameof(TwoStepWorkflow), "disconnect-1", "x");
        await scenario.Log.StartedAsync(nameof(StepOneActivity));
        scenario.Sidecar.Disconnect(AppIds.WorkerA);
        await worker.DisposeAsync();
        scenario.Log.Release(nameof(StepOneActivity));
        await scenario.Sidecar.WaitForIdleAsync();

        scenario.Sidecar.HistoryOf(id).Should().NotContain(e => e.TaskCompleted != null, "the first run's result never reached the sidecar");

        await scenario.StartAsync(AppIds.WorkerA);
        var finished = await scenario.Sidecar.RunUntilFinishedAsync(id);

        finished.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Completed);
        scenario.Log.RunsOf(nameof(StepOneActivity)).Should().Be(2);
        scenario.Sidecar.DispatchCount(AppIds.WorkerA, nameof(StepOneActivity)).Should().Be(2);
        finished.History.Count(e => e.TaskCompleted != null).Should().Be(2);
    }

    /// <remarks>Follows dapr/durabletask-go backend/runtimestate/runtimestate.go addEventWithDedup.</remarks>
    [Fact]
    public async Task The_same_activity_completion_arriving_twice_is_acknowledged_and_applied_once()
    {
        await using var scenario = new SidecarScenario();
        var orchestrator = await scenario.StartAsync(AppIds.Orchestrator);
        await scenario.StartAsync(AppIds.WorkerA);
        scenario.Sidecar.DuplicateNextActivityCompletion(AppIds.WorkerA, nameof(StepOneActivity));

        var id = await orchestrator.Client.ScheduleNewWorkflowAsync(nameof(TwoStepWorkflow), "duplicate-1", "x");
        var finished = await scenario.Sidecar.RunUntilFinishedAsync(id);

        finished.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Completed);
        scenario.Log.RunsOf(nameof(StepOneActivity)).Should().Be(1);
        scenario.Sidecar.IgnoredCompletions.Should().ContainSingle()
            .Which.Should().Be(new IgnoredCompletion(AppIds.WorkerA, id, 0, IgnoredCompletionReason.UnknownTask));
        finished.History.Count(e => e.TaskCompleted?.TaskScheduledId == 0).Should().Be(1);
    }

    /// <remarks>Follows dapr/dapr pkg/actors/targets/workflow/activity/execute.go; dapr/durabletask-go backend/runtimestate/applier.go.</remarks>
    [Fact]
    public async Task A_redelivered_activity_runs_twice_but_the_workflow_takes_one_result()
    {
        await using var scenario = new SidecarScenario();
        var orchestrator = await scenario.StartAsync(AppIds.Orchestrator);
        await scenario.StartAsync(AppIds.WorkerA);
        scenario.Sidecar.RedeliverNextActivity(AppIds.WorkerA, nameof(StepOneActivity));

        var id = await orchestrator.Client.ScheduleNewWorkflowAsync(nameof(TwoStepWorkflow), "redelivered-1", "x");
        var finished = await scenario.Sidecar.RunUntilFinishedAsync(id);

        finished.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Completed);
        scenario.Sidecar.DispatchCount(AppIds.WorkerA, nameof(StepOneActivity)).Should().Be(2);
        scenario.Log.RunsOf(nameof(StepOneActivity)).Should().Be(2);
        scenario.Log.RunsOf(nameof(StepTwoActivity)).Should().Be(1);
        finished.History.Count(e => e.TaskCompleted?.TaskScheduledId == 0).Should().Be(1);
        // The first dispatch's answer carries its own completion token: dropped as stale, whenever it came.
        scenario.Sidecar.IgnoredCompletions.Should().ContainSingle()
            .Which.Should().Be(new IgnoredCompletion(AppIds.WorkerA, id, 0, IgnoredCompletionReason.StaleCompletionToken));
    }
}
