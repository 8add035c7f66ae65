using Microsoft.Extensions.DependencyInjection;

namespace Growbin.Workflows.Tests;

public sealed class WorkflowInstanceIndexTests
{
    [Fact]
    public async Task A_started_instance_is_indexed_with_its_start_time_until_it_finishes()
    {
        var index = new RecordingIndex();
        await using var h = new WorkflowHarness(s => s.AddSingleton<IWorkflowInstanceIndex>(index));
        var startedAt = h.Time.GetUtcNow();

        var id = await h.Client.ScheduleNewWorkflowAsync(nameof(ThreeStepWorkflow), "w-indexed", "abc");

        index.Running.Should().Equal(new Dictionary<string, DateTimeOffset> { ["w-indexed"] = startedAt });
        index.Events.Should().Equal($"add {nameof(ThreeStepWorkflow)} w-indexed");

        var state = await h.RunToEndAsync(id);

        state.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Completed);
        index.Running.Should().BeEmpty();
        index.Events.Should().Equal($"add {nameof(ThreeStepWorkflow)} w-indexed", $"remove {nameof(ThreeStepWorkflow)} w-indexed");
    }

    [Fact]
    public async Task Starting_an_existing_instance_again_does_not_index_it_twice()
    {
        var index = new RecordingIndex();
        await using var h = new WorkflowHarness(s => s.AddSingleton<IWorkflowInstanceIndex>(index));

        await h.Client.ScheduleNewWorkflowAsync(nameof(ThreeStepWorkflow), "w-twice", "abc");
        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.Client.ScheduleNewWorkflowAsync(nameof(ThreeStepWorkflow), "w-twice", "abc");

        index.Events.Should().ContainSingle();
    }

    [Fact]
    public async Task An_index_that_throws_changes_nothing()
    {
        await using var h = new WorkflowHarness(s => s.AddSingleton<IWorkflowInstanceIndex, ThrowingIndex>());
        var id = await h.Client.ScheduleNewWorkflowAsync(nameof(ThreeStepWorkflow), "w-index-down", "abc");

        var state = await h.RunToEndAsync(id);

        state.RuntimeStatus.Should().Be(WorkflowRuntimeStatus.Completed);
        h.Worker.Calls.Should().HaveCount(2);
    }

    private sealed class RecordingIndex : IWorkflowInstanceIndex
    {
        public Dictionary<string, DateTimeOffset> Running { get; } = [];

        public List<string> Events { get; } = [];

        public Task AddAsync(string workflow, string instanceId, DateTimeOffset createdAt, CancellationToken cancellationToken)
        {
            Events.Add($"add {workflow} {instanceId}");
            Running[instanceId] = createdAt;
            return Task.CompletedTask;
        }

        public Task RemoveAsync(string workflow, string instanceId, CancellationToken cancellationToken)
        {
            Events.Add($"remove {workflow} {instanceId}");
            Running.Remove(instanceId);
            return Task.CompletedTask;
        }
    }

    private sealed class ThrowingIndex : IWorkflowInstanceIndex
    {
        public Task AddAsync(string workflow, string instanceId, DateTimeOffset createdAt, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("state store down");

        public Task RemoveAsync(string workflow, string instanceId, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("state store down");
    }
}
