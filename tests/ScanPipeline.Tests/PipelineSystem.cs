extern alias ImageUploader;
extern alias ResponseGenerator;
extern alias RuleRetriever;
extern alias ScanPipeline;
extern alias VisionAnalyzer;
extern alias WasteApi;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Dapr.Actors;
using Dapr.Actors.Client;
using Growbin.Ai.Budget;
using Growbin.Contracts;
using Growbin.TestSupport.Actors;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Hosting;
using Growbin.TestSupport.OpenAi;
using Growbin.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Growbin.ScanPipeline.Tests;

/// <summary>
/// Growbin's scan path in one process, as `dapr run -f .` would start it: waste-api, image-uploader, vision-analyzer,
/// rule-retriever, response-generator and scan-pipeline, talking only through the in-memory Dapr double (service
/// invocation, the images binding, state, pub/sub) and the in-memory actor runtime (the workflow actor and the AI
/// budget actor). The model is a real HTTP server speaking OpenAI's API, so the OpenAI SDK runs for real and every
/// call is counted. A fault injector sits in front of each worker.
/// </summary>
public sealed class PipelineSystem : IAsyncDisposable
{
    public static readonly object MilkCarton = new
    {
        category = "paper-pack",
        itemId = "milk-carton",
        itemName = "우유팩",
        materials = new[] { "paper" },
        condition = Array.Empty<string>(),
        confidence = 0.93,
    };

    private readonly List<IAsyncDisposable> _apps = [];

    private PipelineSystem(FakeOpenAiServer openAi) => OpenAi = openAi;

    public ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    public InMemoryDaprClient Dapr { get; } = new();

    public S3BindingHandler Images { get; } = new();

    public InMemoryActorRuntime Actors { get; private set; } = null!;

    public FakeOpenAiServer OpenAi { get; }

    public TestTokens Tokens { get; } = new();

    public Dictionary<string, FaultInjector> Workers { get; } = new(StringComparer.Ordinal);

    public WorkflowClient Workflows { get; private set; } = null!;

    public GrowbinAppFactory<WasteApi::Program> WasteApi { get; private set; } = null!;

    public GrowbinAppFactory<ScanPipeline::Program> ScanPipelineHost { get; private set; } = null!;

    public static async Task<PipelineSystem> StartAsync(int dailyAiCalls = 100, IWorkflowObserver? observer = null)
    {
        var system = new PipelineSystem(await FakeOpenAiServer.StartAsync());
        system.OpenAi.DefaultResponse = FakeOpenAiResponse.Json(MilkCarton);
        system.Actors = new InMemoryActorRuntime(system.Clock, WorkflowJson.Options);
        system.Dapr.RegisterBinding(DaprComponents.Images, system.Images);
        system.Start(dailyAiCalls, observer);
        return system;
    }

    private void Start(int dailyAiCalls, IWorkflowObserver? observer)
    {
        Worker(AppIds.ImageUploader, new GrowbinAppFactory<ImageUploader::Program>(Dapr));
        var analyzer = Worker(AppIds.VisionAnalyzer, new GrowbinAppFactory<VisionAnalyzer::Program>(Dapr)
            .WithSetting("OpenAI:Endpoint", OpenAi.Endpoint.ToString())
            .WithSetting("OpenAI:ApiKey", "sk-test")
            .WithSetting("OpenAI:Model", "gpt-4.1")
            .WithSetting("AiBudget:DailyCalls", dailyAiCalls.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithSetting("AiBudget:DailyCostUsd", null)
            .WithServices(s =>
            {
                s.RemoveAll<IAiBudget>();
                s.AddSingleton<IAiBudget>(new RuntimeAiBudget(Actors));
            }));
        Actors.Register(ActorAiBudget.ActorType, host => ActivatorUtilities.CreateInstance<AiBudgetActor>(analyzer.Services, host));
        Worker(AppIds.RuleRetriever, new GrowbinAppFactory<RuleRetriever::Program>(Dapr));
        Worker(AppIds.ResponseGenerator, new GrowbinAppFactory<ResponseGenerator::Program>(Dapr));

        var pipeline = App(new GrowbinAppFactory<ScanPipeline::Program>(Dapr).WithServices(s =>
        {
            s.AddSingleton<TimeProvider>(Clock);
            s.AddSingleton<IActorProxyFactory>(Actors);
            if (observer is not null)
            {
                s.AddSingleton(observer);
            }
        }));
        Actors.Register(WorkflowActor.TypeName, host => ActivatorUtilities.CreateInstance<WorkflowActor>(pipeline.Services, host));
        // Reached by service invocation: task-scheduler reads its in-flight scans, waste-api starts and reads scans.
        ScanPipelineHost = pipeline;
        Dapr.RegisterApp(AppIds.ScanPipeline, pipeline.CreateClient());
        Workflows = new WorkflowClient(Actors);

        // waste-api gets no actor runtime: in Kubernetes it is in another namespace than the workflow actors, so any
        // actor call from it fails here as it would there, and every scan goes through scan-pipeline's endpoints.
        WasteApi = App(Tokens.ApplyTo(new GrowbinAppFactory<WasteApi::Program>(Dapr))
            .WithSetting("Waste:EventsPollInterval", "00:00:00.010")
            .WithServices(s => s.AddSingleton<IActorProxyFactory>(new NoActorsHere())));
    }

    public HttpClient ClientFor(string userId) => Tokens.Authorize(WasteApi.CreateClient(), userId);

    /// <summary>POSTs a photo as <paramref name="userId"/> and returns the task id of the accepted scan.</summary>
    public async Task<string> SubmitAsync(string userId, byte[] photo, string? idempotencyKey = null, string? question = null)
    {
        var response = await PostAsync(userId, photo, idempotencyKey, question);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("taskId").GetString()!;
    }

    public Task<HttpResponseMessage> PostAsync(string userId, byte[] photo, string? idempotencyKey = null, string? question = null)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(photo) { Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") } }, "image", "photo.jpg" } };
        if (question is not null)
        {
            form.Add(new StringContent(question), "question");
        }

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/waste/analyze") { Content = form };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return ClientFor(userId).SendAsync(request);
    }

    /// <summary>Lets the scan run to its end as the sidecar would (reminders, retries, clock), then reads it as its owner.</summary>
    public async Task<JsonElement> RunAsync(string taskId, string userId)
    {
        await Actors.DrainAsync(Clock, async () => (await Workflows.GetWorkflowStateAsync(taskId, getInputsAndOutputs: false)).RuntimeStatus
            is WorkflowRuntimeStatus.Completed or WorkflowRuntimeStatus.Failed);
        return await StatusAsync(taskId, userId);
    }

    public async Task<JsonElement> StatusAsync(string taskId, string userId)
    {
        var response = await ClientFor(userId).GetAsync($"/api/v1/waste/{taskId}");
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement;
    }

    public int ActivityCalls(string appId, string activity) => Workers[appId].Calls(activity);

    public async ValueTask DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        await OpenAi.DisposeAsync();
        Tokens.Dispose();
    }

    private GrowbinAppFactory<TProgram> Worker<TProgram>(string appId, GrowbinAppFactory<TProgram> factory)
        where TProgram : class
    {
        App(factory);
        var injector = new FaultInjector(factory.Server.CreateHandler());
        Workers[appId] = injector;
        Dapr.RegisterApp(appId, new HttpClient(injector) { BaseAddress = new Uri("http://localhost") });
        return factory;
    }

    private TFactory App<TFactory>(TFactory factory)
        where TFactory : IAsyncDisposable
    {
        _apps.Add(factory);
        return factory;
    }

    /// <summary>An app outside the actors' namespace: Dapr would not find the actor type.</summary>
    private sealed class NoActorsHere : IActorProxyFactory
    {
        public TActorInterface CreateActorProxy<TActorInterface>(ActorId actorId, string actorType, ActorProxyOptions? options = null)
            where TActorInterface : IActor => throw NotHosted(actorType);

        public object CreateActorProxy(ActorId actorId, Type actorInterfaceType, string actorType, ActorProxyOptions? options = null) =>
            throw NotHosted(actorType);

        public ActorProxy Create(ActorId actorId, string actorType, ActorProxyOptions? options = null) => throw NotHosted(actorType);

        private static InvalidOperationException NotHosted(string actorType) =>
            new($"Actor type '{actorType}' is not hosted in this app's namespace; use service invocation.");
    }

    /// <summary>The budget through the in-memory actor runtime: the real AiBudgetActor, one per day.</summary>
    private sealed class RuntimeAiBudget(IActorProxyFactory actors) : IAiBudget
    {
        public Task<BudgetDecision> TryReserveAsync(int calls, CancellationToken cancellationToken) =>
            Actor(AiBudgetDay.Of(DateTimeOffset.UtcNow)).TryReserveAsync(calls);

        public Task RecordUsageAsync(string day, AiUsage usage, CancellationToken cancellationToken) => Actor(day).RecordUsageAsync(usage);

        public Task<AiBudgetUsage> GetUsageAsync(string day, CancellationToken cancellationToken) => Actor(day).GetAsync();

        private IAiBudgetActor Actor(string day) => actors.CreateActorProxy<IAiBudgetActor>(new ActorId(day), ActorAiBudget.ActorType);
    }
}
