using Dapr.DurableTask.Protobuf;
using Dapr.Workflow;
using Growbin.Fidelity.Tests.Workflows.Activities;
using Growbin.Fidelity.Tests.Workflows.Apps;
using Growbin.Fidelity.Tests.Workflows.Workflows;

namespace Growbin.Fidelity.Tests.Workflows;

public sealed class RoutingTests
{
    /// <remarks>Follows dapr/dapr pkg/actors/targets/workflow/orchestrator/activity.go callActivity (the action's router names the target app).</remarks>
    [Fact]
    public async Task A_three_activity_workflow_across_two_apps_completes_with_each_activity_run_by_the_app_it_targets()
    {
        await using var scenario = new SidecarScenario();
        var orchestrator = await scenario.StartAsync(AppIds.Orchestrator);
        await scenario.StartAsync(AppIds.WorkerA);
        await scenario.StartAsync(AppIds.WorkerB);

        var id = await orchestrator.Client.ScheduleNewWorkflowAsync(nameof(MultiAppWorkflow), "multi-1", "abc");
        var finished = await scenario.Sidecar.RunUntilFinishedAsync(id);

        finished.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Completed);
        var state = await orchestrator.Client.GetWorkflowStateAsync(id);
        state!.ReadOutputAs<string>().Should().Be("CBA!");
        scenario.Log.Runs.Select(r => (r.AppId, r.Activity)).Should().Equal(
            (AppIds.WorkerA, nameof(UpperActivity)),
            (AppIds.WorkerB, nameof(ReverseActivity)),
            (AppIds.Orchestrator, nameof(ExclaimActivity)));
        scenario.Sidecar.DispatchCount(AppIds.WorkerA, nameof(UpperActivity)).Should().Be(1);
        scenario.Sidecar.DispatchCount(AppIds.WorkerB, nameof(ReverseActivity)).Should().Be(1);
        scenario.Sidecar.DispatchCount(AppIds.Orchestrator, nameof(ExclaimActivity)).Should().Be(1);
    }

    /// <remarks>Follows dapr/durabletask-go backend/orchestration.go applyWorkItem (each turn begins with WorkflowStarted); backend/runtimestate/applier.go Actions.</remarks>
    [Fact]
    public async Task The_history_has_daprds_shape_turn_by_turn()
    {
        await using var scenario = new SidecarScenario();
        var orchestrator = await scenario.StartAsync(AppIds.Orchestrator);
        await scenario.StartAsync(AppIds.WorkerA);
        await scenario.StartAsync(AppIds.WorkerB);
        var startedAt = scenario.Sidecar.Clock.GetUtcNow();

        var id = await orchestrator.Client.ScheduleNewWorkflowAsync(nameof(MultiAppWorkflow), "shape-1", "abc");
        await scenario.Sidecar.RunUntilFinishedAsync(id);

        var history = scenario.Sidecar.HistoryOf(id);
        // Four turns (start, then one per activity result), each opening with WorkflowStarted on the sidecar clock.
        history.Where(e => e.WorkflowStarted is not null).Should().HaveCount(4)
            .And.OnlyContain(e => e.Timestamp.ToDateTimeOffset() == startedAt);
        history[0].WorkflowStarted.Should().NotBeNull();
        var started = history.Single(e => e.ExecutionStarted is not null);
        started.Router.SourceAppID.Should().Be(AppIds.Orchestrator);
        started.ExecutionStarted.Input.Should().Be("\"abc\"");

        var scheduled = history.Where(e => e.TaskScheduled is not null).ToList();
        scheduled.Select(e => e.EventId).Should().Equal(0, 1, 2);
        scheduled.Select(e => e.Router.SourceAppID).Should().OnlyContain(app => app == AppIds.Orchestrator);
        scheduled.Select(e => e.Router.HasTargetAppID ? e.Router.TargetAppID : null)
            .Should().Equal(AppIds.WorkerA, AppIds.WorkerB, null);
        var completed = history.Where(e => e.TaskCompleted is not null).ToList();
        completed.Select(e => e.TaskCompleted.TaskScheduledId).Should().Equal(0, 1, 2);
        completed.Select(e => e.TaskCompleted.TaskExecutionId).Should().Equal(scheduled.Select(e => e.TaskScheduled.TaskExecutionId));
        history[^1].ExecutionCompleted.WorkflowStatus.Should().Be(OrchestrationStatus.Completed);

        // The activity requests named their workflow, task and execution.
        scenario.Sidecar.ActivityDispatches.Select(d => (d.InstanceId, d.TaskId, d.TaskExecutionId))
            .Should().Equal(scheduled.Select(e => (id, e.EventId, e.TaskScheduled.TaskExecutionId)));

        // The client reads the same history through GetInstanceHistory.
        var viaClient = await orchestrator.Client.GetInstanceHistoryAsync(id);
        viaClient.Should().HaveCount(history.Count);
    }

    /// <remarks>Follows dapr/durabletask-go backend/executor.go GetWorkItems (one shared queue per daprd, each item on one stream).</remarks>
    [Fact]
    public async Task Activities_of_an_app_with_two_replicas_run_on_either_replica_and_the_workflow_completes()
    {
        await using var scenario = new SidecarScenario();
        var orchestrator = await scenario.StartAsync(AppIds.Orchestrator);
        await scenario.StartAsync(AppIds.WorkerA);
        await scenario.StartAsync(AppIds.WorkerA);
        await scenario.StartAsync(AppIds.WorkerB);

        var id = await orchestrator.Client.ScheduleNewWorkflowAsync(nameof(TwoStepWorkflow), "replicas-1", "x");
        var finished = await scenario.Sidecar.RunUntilFinishedAsync(id);

        scenario.Sidecar.ConnectedStreams(AppIds.WorkerA).Should().Be(2);
        finished.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Completed);
        finished.Output.Should().Be("\"two(one(x))\"");
        scenario.Log.Runs.Should().OnlyContain(r => r.AppId == AppIds.WorkerA).And.HaveCount(2);
    }
}
