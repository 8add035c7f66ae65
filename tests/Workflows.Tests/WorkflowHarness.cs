using Dapr.Actors.Client;
using Dapr.Client;
using Growbin.TestSupport.Actors;
using Growbin.TestSupport.Dapr;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Growbin.Workflows.Tests;

/// <summary>
/// The workflow runtime as an app hosts it (AddWorkflows), with the in-memory actor runtime in place of Dapr's, the
/// in-memory Dapr double as sidecar, a scripted worker app and a clock the test moves.
/// </summary>
public sealed class WorkflowHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public WorkflowHarness(Action<IServiceCollection>? configure = null, TimeSpan? activityTimeout = null)
    {
        Dapr.RegisterApp(ThreeStepWorkflow.Worker, new HttpClient(Worker) { BaseAddress = new Uri("http://worker") });
        var services = new ServiceCollection();
        services.AddLogging(l => l.ClearProviders());
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.AddSingleton<DaprClient>(Dapr);
        services.AddSingleton<TimeProvider>(Time);
        services.AddWorkflows(o =>
        {
            o.RegisterWorkflow<ThreeStepWorkflow>();
            o.RegisterWorkflow<CompensatingWorkflow>();
            o.RegisterWorkflow<ChangingWorkflow>();
            o.RegisterWorkflow<DelayingWorkflow>();
            o.RegisterActivity<SuffixActivity>();
            o.WatchdogPeriod = WatchdogPeriod;
            o.ActivityTimeout = activityTimeout ?? TimeSpan.FromSeconds(30);
        });
        configure?.Invoke(services);
        services.AddSingleton<IActorProxyFactory>(Actors);
        _services = services.BuildServiceProvider();
        Actors.Register(WorkflowActor.TypeName, host => ActivatorUtilities.CreateInstance<WorkflowActor>(_services, host));
        Client = _services.GetRequiredService<WorkflowClient>();
    }

    public static readonly TimeSpan WatchdogPeriod = TimeSpan.FromMinutes(1);

    public ManualTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    public InMemoryDaprClient Dapr { get; } = new();

    public ScriptedWorker Worker { get; } = new();

    public InMemoryActorRuntime Actors => _actors ??= new InMemoryActorRuntime(Time, WorkflowJson.Options);

    /// <summary>The client that calls the workflow actors directly, as the host app's own client does.</summary>
    public WorkflowClient Client { get; }

    /// <summary>The host app's services (registry, actor transport) for <see cref="WorkflowHostApp"/>.</summary>
    public IServiceProvider Services => _services;

    private InMemoryActorRuntime? _actors;

    public InMemoryActorStateManager StateOf(string instanceId) => Actors.StateOf(WorkflowActor.TypeName, instanceId);

    public WorkflowInstance SavedInstance(string instanceId) => StateOf(instanceId).GetSavedState<WorkflowInstance>("instance");

    /// <summary>Runs the instance until it has finished (or nothing is left to fire), moving the clock as needed.</summary>
    public async Task<WorkflowState> RunToEndAsync(string instanceId)
    {
        await Actors.DrainAsync(Time, async () => (await Client.GetWorkflowStateAsync(instanceId)).RuntimeStatus
            is WorkflowRuntimeStatus.Completed or WorkflowRuntimeStatus.Failed);
        return await Client.GetWorkflowStateAsync(instanceId);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
