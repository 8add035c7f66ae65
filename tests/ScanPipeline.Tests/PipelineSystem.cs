extern alias ImageUploader;
extern alias ResponseGenerator;
extern alias RuleRetriever;
extern alias ScanPipeline;
extern alias VisionAnalyzer;
extern alias WasteApi;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Dapr.Workflow;
using Growbin.Contracts;
using Growbin.TestSupport.Ai;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Hosting;
using Growbin.TestSupport.OpenAi;
using Growbin.TestSupport.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace Growbin.ScanPipeline.Tests;

/// <summary>
/// Growbin's scan path in one process, as `dapr run -f .` would start it: waste-api, image-uploader, vision-analyzer,
/// rule-retriever, response-generator and scan-pipeline. Their Dapr building blocks are the in-memory Dapr double
/// (service invocation, the images binding, state, pub/sub) and the in-memory workflow sidecar, which the real
/// Dapr.Workflow SDK of each app talks to as to daprd: scan-pipeline hosts the workflow, each worker pulls its activity.
/// The model is a real HTTP server speaking OpenAI's API, so the OpenAI SDK runs for real and every call is counted.
/// Any app can be stopped and started again (a crash, a rollout) while the sidecar keeps the workflow state.
/// </summary>
public sealed class PipelineSystem : IAsyncDisposable
{
    private readonly Dictionary<string, Func<(IAsyncDisposable App, HttpClient Client)>> _starters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IAsyncDisposable> _running = new(StringComparer.Ordinal);
    private readonly int _dailyAiCalls;
    private readonly ScanPipeline::Growbin.ScanPipeline.IScanMetrics? _metrics;

    private PipelineSystem(FakeOpenAiServer openAi, int dailyAiCalls, ScanPipeline::Growbin.ScanPipeline.IScanMetrics? metrics)
    {
        OpenAi = openAi;
        _dailyAiCalls = dailyAiCalls;
        _metrics = metrics;
        Sidecar = new InMemoryWorkflowSidecar(Clock);
        Dapr = new InMemoryDaprClient(Clock);
    }

    public ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    public InMemoryDaprClient Dapr { get; }

    public InMemoryWorkflowSidecar Sidecar { get; }

    public S3BindingHandler Images { get; } = new();

    public FakeOpenAiServer OpenAi { get; }

    public TestTokens Tokens { get; } = new();

    public GrowbinAppFactory<WasteApi::Program> WasteApi => (GrowbinAppFactory<WasteApi::Program>)_running[AppIds.WasteApi];

    public GrowbinAppFactory<ScanPipeline::Program> ScanPipelineHost => (GrowbinAppFactory<ScanPipeline::Program>)_running[AppIds.ScanPipeline];

    /// <summary>scan-pipeline's own workflow client, as its endpoints use it.</summary>
    public DaprWorkflowClient Workflows => ScanPipelineHost.Services.GetRequiredService<DaprWorkflowClient>();

    public static async Task<PipelineSystem> StartAsync(int dailyAiCalls = 100, ScanPipeline::Growbin.ScanPipeline.IScanMetrics? metrics = null)
    {
        var system = new PipelineSystem(await FakeOpenAiServer.StartAsync(), dailyAiCalls, metrics);
        system.OpenAi.DefaultResponse = FakeOpenAiResponse.Json(VisionAnswers.MilkCarton);
        system.Dapr.RegisterBinding(DaprComponents.Images, system.Images);
        system.Define();
        foreach (var appId in system._starters.Keys)
        {
            await system.StartAppAsync(appId);
        }

        return system;
    }

    private void Define()
    {
        Worker(AppIds.ImageUploader, () => new GrowbinAppFactory<ImageUploader::Program>(Dapr));
        Worker(AppIds.VisionAnalyzer, () => new GrowbinAppFactory<VisionAnalyzer::Program>(Dapr)
            .WithSetting("OpenAI:Endpoint", OpenAi.Endpoint.ToString())
            .WithSetting("OpenAI:ApiKey", "sk-test")
            .WithSetting("OpenAI:Model", "gpt-4.1")
            .WithSetting("AiBudget:DailyCalls", _dailyAiCalls.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithSetting("AiBudget:DailyCostUsd", null)
            .WithServices(s => s.UseInProcessAiBudget()));
        Worker(AppIds.RuleRetriever, () => new GrowbinAppFactory<RuleRetriever::Program>(Dapr));
        Worker(AppIds.ResponseGenerator, () => new GrowbinAppFactory<ResponseGenerator::Program>(Dapr));
        Worker(AppIds.ScanPipeline, () => new GrowbinAppFactory<ScanPipeline::Program>(Dapr).WithServices(s =>
        {
            s.AddSingleton<TimeProvider>(Clock);
            if (_metrics is not null)
            {
                s.AddSingleton(_metrics);
            }
        }));

        // waste-api has no workflow client: in Kubernetes it is in another namespace than the workflow, so every scan
        // goes through scan-pipeline's endpoints by service invocation.
        _starters[AppIds.WasteApi] = () => Started(Tokens.ApplyTo(new GrowbinAppFactory<WasteApi::Program>(Dapr))
            .WithSetting("Waste:EventsPollInterval", "00:00:00.010"));
    }

    /// <summary>Starts an app (again); a workflow app has connected its work-item stream when this returns.</summary>
    public async Task StartAppAsync(string appId)
    {
        var (app, client) = _starters[appId]();
        _running[appId] = app;
        Dapr.RegisterApp(appId, client);
        if (appId != AppIds.WasteApi)
        {
            await Sidecar.WaitForConnectionAsync(appId);
        }
    }

    /// <summary>The app's process ends: its host stops, its work-item streams close, nothing it had in hand is answered.</summary>
    public async Task StopAppAsync(string appId)
    {
        await _running[appId].DisposeAsync();
        _running.Remove(appId);
    }

    public async Task RestartAppAsync(string appId)
    {
        await StopAppAsync(appId);
        await StartAppAsync(appId);
    }

    public HttpClient ClientFor(string userId) => Tokens.Authorize(WasteApi.CreateClient(), userId);

    /// <summary>POSTs a photo as <paramref name="userId"/> and returns the task id of the accepted scan.</summary>
    public async Task<string> SubmitAsync(
        string userId, byte[] photo, string? idempotencyKey = null, string? question = null, string? region = null, string? acceptLanguage = null)
    {
        var response = await PostAsync(userId, photo, idempotencyKey, question, region, acceptLanguage);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("taskId").GetString()!;
    }

    public Task<HttpResponseMessage> PostAsync(
        string userId, byte[] photo, string? idempotencyKey = null, string? question = null, string? region = null, string? acceptLanguage = null)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(photo) { Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") } }, "image", "photo.jpg" } };
        if (question is not null)
        {
            form.Add(new StringContent(question), "question");
        }

        if (region is not null)
        {
            form.Add(new StringContent(region), "region");
        }

        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/waste/analyze") { Content = form };
        if (acceptLanguage is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return ClientFor(userId).SendAsync(request);
    }

    /// <summary>Lets the scan run to its end as daprd would (work items, retry timers on the test clock), then reads it as its owner.</summary>
    public async Task<JsonElement> RunAsync(string taskId, string userId)
    {
        await Sidecar.RunUntilFinishedAsync(taskId);
        await Sidecar.WaitForIdleAsync();
        return await StatusAsync(taskId, userId);
    }

    public async Task<JsonElement> StatusAsync(string taskId, string userId)
    {
        var response = await ClientFor(userId).GetAsync($"/api/v1/waste/{taskId}");
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement;
    }

    /// <summary>How many times the sidecar handed <paramref name="activity"/> to <paramref name="appId"/>'s worker.</summary>
    public int ActivityCalls(string appId, string activity) => Sidecar.DispatchCount(appId, activity);

    /// <summary>
    /// Every state key the system holds now, with its TTL: the Dapr double's Redis-backed stores and the AI budget
    /// actor's state (while vision-analyzer runs, which hosts it).
    /// </summary>
    public StateTtlAudit StateLeft() =>
        StateTtlAudit.Of(Dapr).And(_running.TryGetValue(AppIds.VisionAnalyzer, out var analyzer)
            ? ((GrowbinAppFactory<VisionAnalyzer::Program>)analyzer).Services.GetRequiredService<InProcessAiBudget>()
            : null);

    /// <summary>Stops every app; then fails if the test left a state key without a TTL (Redis runs noeviction).</summary>
    public async ValueTask DisposeAsync()
    {
        var left = StateLeft();
        foreach (var app in _running.Values)
        {
            await app.DisposeAsync();
        }

        _running.Clear();
        await OpenAi.DisposeAsync();
        Tokens.Dispose();
        left.ThrowIfAnyWithoutTtl();
    }

    private void Worker<TProgram>(string appId, Func<GrowbinAppFactory<TProgram>> create)
        where TProgram : class =>
        _starters[appId] = () => Started(create().WithServices(s => s.UseInMemoryWorkflowSidecar(Sidecar, appId)));

    /// <summary>Creating the client starts the host, and with it the app's Dapr.Workflow worker.</summary>
    private static (IAsyncDisposable App, HttpClient Client) Started<TProgram>(GrowbinAppFactory<TProgram> factory)
        where TProgram : class => (factory, factory.CreateClient());
}
