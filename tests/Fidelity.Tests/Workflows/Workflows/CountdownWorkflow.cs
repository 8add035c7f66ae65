using Dapr.Workflow;

namespace Growbin.Fidelity.Tests.Workflows.Workflows;

/// <summary>Continues as new with one less until it reaches zero.</summary>
public sealed class CountdownWorkflow : Workflow<int, string>
{
    public override Task<string> RunAsync(WorkflowContext context, int input)
    {
        if (input > 0)
        {
            context.ContinueAsNew(input - 1);
            return Task.FromResult("continued");
        }

        return Task.FromResult("lift-off");
    }
}
