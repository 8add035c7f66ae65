using Dapr.DurableTask.Protobuf;
using Growbin.TestSupport.Workflows;
using Growbin.Fidelity.Tests.Workflows.Apps;
using Growbin.Fidelity.Tests.Workflows.Workflows;

namespace Growbin.Fidelity.Tests.Workflows;

/// <summary>The sidecar's own test helpers fail clearly instead of hanging.</summary>
public sealed class HelperTests
{
    /// <remarks>Follows a test helper of the double (no daprd behaviour).</remarks>
    [Fact]
    public async Task Running_a_workflow_that_waits_for_an_event_nobody_sends_fails_as_stuck_with_its_history()
    {
        await using var scenario = new SidecarScenario();
        var orchestrator = await scenario.StartAsync(AppIds.Orchestrator);
        var id = await orchestrator.Client.ScheduleNewWorkflowAsync(nameof(AwaitApprovalWorkflow), "stuck-1", "s");

        var run = () => scenario.Sidecar.RunUntilFinishedAsync(id);

        (await run.Should().ThrowAsync<InvalidOperationException>()).Which.Message
            .Should().Contain("'stuck-1' is stuck").And.Contain("ExecutionStarted AwaitApprovalWorkflow");
    }

    /// <remarks>Follows a test helper of the double (no daprd behaviour).</remarks>
    [Fact]
    public async Task Running_past_the_virtual_time_bound_fails_and_leaves_the_clock_where_it_was()
    {
        await using var scenario = new SidecarScenario();
        var orchestrator = await scenario.StartAsync(AppIds.Orchestrator);
        var startedAt = scenario.Sidecar.Clock.GetUtcNow();
        var id = await orchestrator.Client.ScheduleNewWorkflowAsync(nameof(SleepingWorkflow), "late-1", "s");

        var run = () => scenario.Sidecar.RunUntilFinishedAsync(id, maxVirtualTime: TimeSpan.FromMinutes(1));

        (await run.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("did not finish within 00:01:00");
        scenario.Sidecar.Clock.GetUtcNow().Should().Be(startedAt);
    }

    /// <remarks>Follows dapr/durabletask-go backend/local/task.go (unknown instance) and dapr/dapr pkg/runtime/wfengine/backends/actors/actors.go callWithBackoff.</remarks>
    [Fact]
    public async Task A_workflow_completion_for_no_pending_work_item_is_acknowledged_and_dropped()
    {
        var sidecar = new InMemoryWorkflowSidecar();

        await sidecar.ClientFor(AppIds.Orchestrator).CompleteWorkflowTaskAsync(new WorkflowResponse { InstanceId = "nobody" });

        sidecar.IgnoredCompletions.Should().ContainSingle()
            .Which.Should().Be(new IgnoredCompletion(AppIds.Orchestrator, "nobody", null, IgnoredCompletionReason.UnknownWorkflowTask));
        sidecar.Instances.Should().BeEmpty();
    }
}
