using Growbin.Contracts;
using Growbin.TestSupport.Actors;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Hosting;
using Dapr.Actors.Client;
using Growbin.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Growbin.WasteApi.Tests;

/// <summary>
/// waste-api alone: the Dapr double with an in-memory S3, and an actor runtime whose workflow actor knows no
/// workflow. For what happens once a scan starts, see ScanPipeline.Tests.
/// </summary>
public sealed class WasteApiHost : IAsyncDisposable
{
    public WasteApiHost()
    {
        Dapr.RegisterBinding(DaprComponents.Images, Images);
        Factory = Tokens.ApplyTo(new GrowbinAppFactory<Program>(Dapr))
            .WithServices(s => s.AddSingleton<IActorProxyFactory>(Actors));

        // The workflow actor with no workflow registered: reading an unknown scan works as in production (an empty
        // instance), and starting one would fail loudly, so bad-input tests see any attempt.
        var pipeline = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddSingleton<global::Dapr.Client.DaprClient>(Dapr)
            .AddWorkflows(_ => { })
            .BuildServiceProvider();
        Actors.Register(WorkflowActor.TypeName, host => ActivatorUtilities.CreateInstance<WorkflowActor>(pipeline, host));
    }

    public InMemoryDaprClient Dapr { get; } = new();

    public S3BindingHandler Images { get; } = new();

    public InMemoryActorRuntime Actors { get; } = new();

    public TestTokens Tokens { get; } = new();

    public GrowbinAppFactory<Program> Factory { get; }

    public HttpClient ClientFor(string userId) => Tokens.Authorize(Factory.CreateClient(), userId);

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        Tokens.Dispose();
    }
}
