using Dapr.Workflow;
using Dapr.Workflow.Abstractions;

namespace Growbin.TestSupport.Hosting;

/// <summary>
/// What the Dapr.Workflow worker hands an activity: its name, the workflow instance that scheduled it and the key of
/// this execution (the worker's own implementation is internal).
/// </summary>
public sealed class TestActivityContext(string activityName, string instanceId, string taskExecutionKey) : WorkflowActivityContext
{
    public override TaskIdentifier Identifier { get; } = new(activityName);

    public override string InstanceId { get; } = instanceId;

    public override string TaskExecutionKey { get; } = taskExecutionKey;
}
