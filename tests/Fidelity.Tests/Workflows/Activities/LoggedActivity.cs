using Dapr.Workflow;
using Growbin.Fidelity.Tests.Workflows.Apps;

namespace Growbin.Fidelity.Tests.Workflows.Activities;

/// <summary>A string activity that records each run (and honours the log's holds and scripted failures).</summary>
public abstract class LoggedActivity(ActivityLog log, AppIdentity app) : WorkflowActivity<string, string>
{
    public override async Task<string> RunAsync(WorkflowActivityContext context, string input)
    {
        await log.RunAsync(app.AppId, GetType().Name, context.InstanceId, input);
        return Transform(input);
    }

    protected abstract string Transform(string input);
}
