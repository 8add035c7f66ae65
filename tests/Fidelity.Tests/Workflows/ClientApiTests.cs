using Dapr.Workflow;
using Growbin.TestSupport.Workflows;
using Growbin.Fidelity.Tests.Workflows.Activities;
using Growbin.Fidelity.Tests.Workflows.Apps;
using Growbin.Fidelity.Tests.Workflows.Workflows;
using Grpc.Core;

namespace Growbin.Fidelity.Tests.Workflows;

/// <summary>The DaprWorkflowClient calls, answered by the sidecar.</summary>
public sealed class ClientApiTests
{
    /// <remarks>Follows dapr/durabletask-go backend/runtimestate/applier.go Actions (custom status per turn); backend/executor.go createGetInstanceResponse.</remarks>
    [Fact]
    public async Task Custom_status_is_readable_while_an_activity_is_still_running()
    {
        await using var scenario = new SidecarScenario();
        var orchestrator = await scenario.StartAsync(AppIds.Orchestrator);
        await scenario.StartAsync(AppIds.WorkerA);
        scenario.Log.Hold(nameof(StepOneActivity));

        var id = await orchestrator.Client.ScheduleNewWorkflowAsync(nameof(StatusWorkflow), "status-1", "s");
        await scenario.Log.StartedAsync(nameof(StepOneActivity));
        // The activity is held until after this read: a read that waited behind it would never return.
        var during = await orchestrator.Client.GetWorkflowStateAsync(id).WaitAsync(scenario.Sidecar.SafetyTimeout);
        scenario.Log.Release(nameof(StepOneActivity));
        await scenario.Sidecar.RunUntilFinishedAsync(id);
        var after = await orchestrator.Client.GetWorkflowStateAsync(id);

        during!.IsWorkflowRunning.Should().BeTrue();
        during.ReadCustomStatusAs<string>().Should().Be(StatusWorkflow.Waiting);
        after!.IsWorkflowCompleted.Should().BeTrue();
        after.ReadCustomStatusAs<string>().Should().Be(StatusWorkflow.Done);
        after.ReadOutputAs<string>().Should().Be("one(s)");
    }

    /// <remarks>Follows dapr/dapr pkg/runtime/wfengine/backends/actors/actors.go AddNewWorkflowEvent.</remarks>
    [Fact]
    public async Task A_raised_event_reaches_the_waiting_workflow_with_its_payload()
    {
        await using var scenario = new SidecarScenario();
        var orchestrator = await scenario.StartAsync(AppIds.Orchestrator);

        var id = await orchestrator.Client.ScheduleNewWorkflowAsync(nameof(AwaitApprovalWorkflow), "approval-1", "refund");
        var started = await orchestrator.Client.WaitForWorkflowStartAsync(id).WaitAsync(scenario.Sidecar.SafetyTimeout);
        await orchestrator.Client.RaiseEventAsync(id, AwaitApprovalWorkflow.EventName, "bo");
        var done = await orchestrator.Client.WaitForWorkflowCompletionAsync(id).WaitAsync(scenario.Sidecar.SafetyTimeout);
        var withoutPayloads = await orchestrator.Client.GetWorkflowStateAsync(id, getInputsAndOutputs: false);

        started.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Running);
        done.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Completed);
        done.ReadOutputAs<string>().Should().Be("refund approved by bo");
        done.ReadInputAs<string>().Should().Be("refund");
        withoutPayloads!.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Completed);
        withoutPayloads.ReadOutputAs<string>().Should().BeNull();
        withoutPayloads.ReadInputAs<string>().Should().BeNull();
    }

    /// <remarks>Follows dapr/durabletask-go backend/executor.go WaitForInstanceCompletion.</remarks>
    [Fact]
    public async Task Waiting_for_completion_blocks_until_the_workflow_ends_and_honours_cancellation()
    {
        await using var scenario = new SidecarScenario();
        var orchestrator = await scenario.StartAsync(AppIds.Orchestrator);
        var id = await orchestrator.Client.ScheduleNewWorkflowAsync(nameof(AwaitApprovalWorkflow), "wait-1", "w");
        using var cancel = new CancellationTokenSource();

        var abandoned = orchestrator.Client.WaitForWorkflowCompletionAsync(id, cancellation: cancel.Token);
        var waiting = orchestrator.Client.WaitForWorkflowCompletionAsync(id);
        await scenario.Sidecar.WaitForIdleAsync();
        var stillWaiting = waiting.IsCompleted;
        await cancel.CancelAsync();
        var cancelled = () => abandoned.WaitAsync(scenario.Sidecar.SafetyTimeout);
        await orchestrator.Client.RaiseEventAsync(id, AwaitApprovalWorkflow.EventName, "me");
        var done = await waiting.WaitAsync(scenario.Sidecar.SafetyTimeout);

        stillWaiting.Should().BeFalse();
        await cancelled.Should().ThrowAsync<OperationCanceledException>();
        done.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Completed);
    }

    /// <remarks>Follows dapr/dapr pkg/actors/targets/workflow/orchestrator/state.go purgeWorkflowState.</remarks>
    [Fact]
    public async Task Purge_refuses_a_running_instance_and_removes_a_finished_one()
    {
        await using var scenario = new SidecarScenario();
        var orchestrator = await scenario.StartAsync(AppIds.Orchestrator);
        var client = orchestrator.Client;
        var id = await client.ScheduleNewWorkflowAsync(nameof(AwaitApprovalWorkflow), "purge-1", "p");

        var purgeRunning = () => client.PurgeInstanceAsync(id);
        (await purgeRunning.Should().ThrowAsync<RpcException>()).Which.Status.Detail.Should().Contain("orchestration has not yet completed");

        await client.RaiseEventAsync(id, AwaitApprovalWorkflow.EventName, "x");
        await scenario.Sidecar.RunUntilFinishedAsync(id);
        (await client.PurgeInstanceAsync(id)).Should().BeTrue();

        var gone = await client.GetWorkflowStateAsync(id);
        (gone?.Exists ?? false).Should().BeFalse();
        scenario.Sidecar.Instances.Should().BeEmpty();
        var purgeAgain = () => client.PurgeInstanceAsync(id);
        (await purgeAgain.Should().ThrowAsync<RpcException>()).Which.Status.Detail.Should().Contain("no such instance exists");
    }

    /// <remarks>Follows dapr/durabletask-go backend/executor.go TerminateInstance.</remarks>
    [Fact]
    public async Task Terminate_ends_a_waiting_workflow_as_terminated()
    {
        await using var scenario = new SidecarScenario();
        var orchestrator = await scenario.StartAsync(AppIds.Orchestrator);
        var id = await orchestrator.Client.ScheduleNewWorkflowAsync(nameof(AwaitApprovalWorkflow), "terminate-1", "t");

        await orchestrator.Client.TerminateWorkflowAsync(id, "stopped by a test").WaitAsync(scenario.Sidecar.SafetyTimeout);

        var state = await orchestrator.Client.GetWorkflowStateAsync(id);
        state!.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Terminated);
        scenario.Sidecar.HistoryOf(id).Should().Contain(e => e.ExecutionTerminated != null);
    }

    /// <remarks>Follows dapr/durabletask-go backend/executor.go SuspendInstance / ResumeInstance.</remarks>
    [Fact]
    public async Task A_suspended_workflow_takes_no_step_until_it_is_resumed()
    {
        await using var scenario = new SidecarScenario();
        var orchestrator = await scenario.StartAsync(AppIds.Orchestrator);
        var client = orchestrator.Client;
        var id = await client.ScheduleNewWorkflowAsync(nameof(AwaitApprovalWorkflow), "suspend-1", "s");

        await client.SuspendWorkflowAsync(id, "hold on").WaitAsync(scenario.Sidecar.SafetyTimeout);
        await client.RaiseEventAsync(id, AwaitApprovalWorkflow.EventName, "early");
        await scenario.Sidecar.WaitForIdleAsync();
        var suspended = await client.GetWorkflowStateAsync(id);
        await client.ResumeWorkflowAsync(id, "go on").WaitAsync(scenario.Sidecar.SafetyTimeout);
        var finished = await scenario.Sidecar.RunUntilFinishedAsync(id);

        suspended!.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Suspended);
        finished.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Completed);
        finished.Output.Should().Be("\"s approved by early\"");
    }

    /// <remarks>Follows dapr/dapr pkg/actors/targets/workflow/orchestrator/timer.go; run.go (TimerFired).</remarks>
    [Fact]
    public async Task A_durable_timer_fires_when_the_test_clock_reaches_it()
    {
        await using var scenario = new SidecarScenario();
        var orchestrator = await scenario.StartAsync(AppIds.Orchestrator);
        var startedAt = scenario.Sidecar.Clock.GetUtcNow();

        var id = await orchestrator.Client.ScheduleNewWorkflowAsync(nameof(SleepingWorkflow), "sleep-1", "z");
        await scenario.Sidecar.WaitForIdleAsync();
        var asleep = scenario.Sidecar.Instance(id);
        await scenario.Sidecar.RunUntilFinishedAsync(id);

        asleep.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Running);
        var timer = scenario.Sidecar.TimersOf(id).Should().ContainSingle().Subject;
        timer.Origin.Should().Be(DurableTimerOrigin.CreateTimer);
        timer.Delay.Should().Be(SleepingWorkflow.Nap);
        timer.FiredAt.Should().Be(startedAt + SleepingWorkflow.Nap);
        var state = await orchestrator.Client.GetWorkflowStateAsync(id);
        state!.ReadOutputAs<DateTime>().Should().Be((startedAt + SleepingWorkflow.Nap).UtcDateTime);
    }

    /// <remarks>Follows dapr/dapr pkg/actors/targets/workflow/orchestrator/create.go scheduleWorkflowStart.</remarks>
    [Fact]
    public async Task A_workflow_scheduled_for_later_stays_pending_until_the_clock_reaches_its_start()
    {
        await using var scenario = new SidecarScenario();
        var orchestrator = await scenario.StartAsync(AppIds.Orchestrator);
        var startAt = scenario.Sidecar.Clock.GetUtcNow() + TimeSpan.FromMinutes(10);

        var id = await orchestrator.Client.ScheduleNewWorkflowAsync(nameof(SleepingWorkflow), "later-1", "z", startAt.UtcDateTime);
        await scenario.Sidecar.WaitForIdleAsync();
        var pending = await orchestrator.Client.GetWorkflowStateAsync(id);
        var finished = await scenario.Sidecar.RunUntilFinishedAsync(id);

        pending!.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Pending);
        finished.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Completed);
        finished.History[0].Timestamp.ToDateTimeOffset().Should().Be(startAt, "the first turn ran when the start was due");
        (await orchestrator.Client.GetWorkflowStateAsync(id))!.ReadOutputAs<DateTime>().Should().Be((startAt + SleepingWorkflow.Nap).UtcDateTime);
    }

    /// <remarks>Follows dapr/durabletask-go backend/runtimestate/applier.go Actions (CONTINUED_AS_NEW).</remarks>
    [Fact]
    public async Task Continue_as_new_starts_the_next_generation_with_the_new_input()
    {
        await using var scenario = new SidecarScenario();
        var orchestrator = await scenario.StartAsync(AppIds.Orchestrator);

        var id = await orchestrator.Client.ScheduleNewWorkflowAsync(nameof(CountdownWorkflow), "countdown-1", 3);
        var finished = await scenario.Sidecar.RunUntilFinishedAsync(id);

        finished.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Completed);
        finished.Output.Should().Be("\"lift-off\"");
        finished.Input.Should().Be("0");
        finished.History.Should().ContainSingle(e => e.ExecutionStarted != null);
        scenario.Sidecar.TurnDispatches.Should().HaveCount(4);
    }

    /// <remarks>Follows dapr/dapr pkg/runtime/wfengine/state/list/list.go.</remarks>
    [Fact]
    public async Task Instance_ids_are_listed_per_app_in_pages()
    {
        await using var scenario = new SidecarScenario();
        var orchestrator = await scenario.StartAsync(AppIds.Orchestrator);
        foreach (var id in new[] { "list-1", "list-2", "list-3" })
        {
            await orchestrator.Client.ScheduleNewWorkflowAsync(nameof(AwaitApprovalWorkflow), id, "l");
        }

        var first = await orchestrator.Client.ListInstanceIdsAsync(pageSize: 2);
        var second = await orchestrator.Client.ListInstanceIdsAsync(first.ContinuationToken, pageSize: 2);
        var otherApp = await scenario.Sidecar.ClientFor(AppIds.WorkerA)
            .ListInstanceIDsAsync(new Dapr.DurableTask.Protobuf.ListInstanceIDsRequest());

        first.InstanceIds.Should().Equal("list-1", "list-2");
        first.ContinuationToken.Should().NotBeNull();
        second.InstanceIds.Should().Equal("list-3");
        second.ContinuationToken.Should().BeNull();
        otherApp.InstanceIds.Should().BeEmpty();
    }

    /// <remarks>Follows dapr/durabletask-go backend/executor.go createGetInstanceResponse (exists=false).</remarks>
    [Fact]
    public async Task An_unknown_instance_does_not_exist()
    {
        await using var scenario = new SidecarScenario();
        var orchestrator = await scenario.StartAsync(AppIds.Orchestrator);

        var state = await orchestrator.Client.GetWorkflowStateAsync("nobody");
        var history = () => orchestrator.Client.GetInstanceHistoryAsync("nobody");
        var raise = () => orchestrator.Client.RaiseEventAsync("nobody", "ping");

        (state?.Exists ?? false).Should().BeFalse();
        (await history.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.NotFound);
        (await raise.Should().ThrowAsync<RpcException>()).Which.Status.Detail.Should().Be("no such instance exists");
    }

    /// <remarks>Follows dapr/durabletask-go backend/executor.go (the TaskHubSidecarService methods daprd implements).</remarks>
    [Fact]
    public async Task Methods_the_sidecar_does_not_serve_answer_Unimplemented()
    {
        await using var scenario = new SidecarScenario();
        var orchestrator = await scenario.StartAsync(AppIds.Orchestrator);

        var rerun = () => orchestrator.Client.RerunWorkflowFromEventAsync("any", 0);

        (await rerun.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Unimplemented);
    }
}
