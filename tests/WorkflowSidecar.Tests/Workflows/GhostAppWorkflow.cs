using Dapr.Workflow;
using Growbin.WorkflowSidecar.Tests.Activities;
using Growbin.WorkflowSidecar.Tests.Apps;

namespace Growbin.WorkflowSidecar.Tests.Workflows;

/// <summary>Calls an activity of an app that is not running when the workflow starts.</summary>
public sealed class GhostAppWorkflow : Workflow<string, string>
{
    public override Task<string> RunAsync(WorkflowContext context, string input) =>
        context.CallActivityAsync<string>(nameof(GhostActivity), input, new WorkflowTaskOptions(TargetAppId: AppIds.Ghost));
}
