using Dapr.Workflow;
using Growbin.TestSupport.Workflows;
using Growbin.Fidelity.Tests.Workflows.Activities;
using Growbin.Fidelity.Tests.Workflows.Workflows;

namespace Growbin.Fidelity.Tests.Workflows.Apps;

/// <summary>
/// A sidecar, the activity log and the apps of one test. Each app registers its own workflows and activities;
/// the SDK's source generator registers every workflow and activity of this assembly in every host as well, so
/// where an activity ran is checked through the <see cref="AppIdentity"/> of the host that ran it.
/// </summary>
public sealed class SidecarScenario : IAsyncDisposable
{
    private readonly List<WorkflowApp> _apps = [];

    public InMemoryWorkflowSidecar Sidecar { get; } = new();

    public ActivityLog Log { get; } = new();

    public async Task<WorkflowApp> StartAsync(string appId)
    {
        var app = await WorkflowApp.StartAsync(Sidecar, appId, Log, options => Register(appId, options));
        _apps.Add(app);
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }
    }

    private static void Register(string appId, WorkflowRuntimeOptions options)
    {
        switch (appId)
        {
            case AppIds.Orchestrator:
                options.RegisterWorkflow<MultiAppWorkflow>();
                options.RegisterWorkflow<RetryingWorkflow>();
                options.RegisterWorkflow<TwoStepWorkflow>();
                options.RegisterWorkflow<GhostAppWorkflow>();
                options.RegisterWorkflow<AwaitApprovalWorkflow>();
                options.RegisterWorkflow<StatusWorkflow>();
                options.RegisterWorkflow<SleepingWorkflow>();
                options.RegisterWorkflow<CountdownWorkflow>();
                options.RegisterActivity<ExclaimActivity>();
                break;
            case AppIds.WorkerA:
                options.RegisterActivity<UpperActivity>();
                options.RegisterActivity<FlakyActivity>();
                options.RegisterActivity<StepOneActivity>();
                options.RegisterActivity<StepTwoActivity>();
                break;
            case AppIds.WorkerB:
                options.RegisterActivity<ReverseActivity>();
                break;
            case AppIds.Ghost:
                options.RegisterActivity<GhostActivity>();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(appId), appId, "Not an app of the scenarios.");
        }
    }
}
