extern alias Auth;
extern alias ChatLlm;
extern alias ImageUploader;
extern alias Location;
extern alias ResponseGenerator;
extern alias RuleRetriever;
extern alias ScanPipeline;
extern alias TaskScheduler;
extern alias UserInfo;
extern alias VisionAnalyzer;
extern alias WasteApi;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Growbin.Contracts;
using Growbin.TestSupport.Ai;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Hosting;
using Growbin.TestSupport.Kakao;
using Growbin.TestSupport.OpenAi;
using Growbin.TestSupport.Postgres;
using Growbin.TestSupport.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using AuthTokens = Auth::Growbin.Auth.Tokens;

namespace Growbin.AccountDeletion.Tests;

/// <summary>
/// Every Growbin app that keeps something of a user, in one process as `dapr run -f .` would start them: waste-api,
/// the four workers and scan-pipeline (the scan path, on the in-memory workflow sidecar), auth, userinfo, chat-llm,
/// location and task-scheduler. One in-memory Dapr double is every sidecar: state and the token denylist, pub/sub with
/// delivery to each app's subscriptions, service invocation (JWKS from the real auth, scan-pipeline to image-uploader),
/// the images bucket, the lock, growbin-db on a real migrated PostgreSQL, Kakao behind kakao-local. The models are real
/// HTTP servers speaking OpenAI's API. Every app's clock is <see cref="Clock"/>.
/// </summary>
public sealed class AccountSystem : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The apps that subscribe to user-deleted: every app that keeps something of a user but userinfo, which publishes it.</summary>
    public static readonly IReadOnlyList<string> UserDeletedSubscribers =
        [AppIds.Auth, AppIds.ChatLlm, AppIds.WasteApi, AppIds.Location, AppIds.ScanPipeline];

    /// <summary>The apps whose sidecars read subscriptions: userinfo takes scan-completed, task-scheduler the dead letters.</summary>
    public static readonly IReadOnlyList<string> Subscribers = [AppIds.UserInfo, AppIds.TaskScheduler, .. UserDeletedSubscribers];

    private readonly ECDsa _signingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly Dictionary<string, IAsyncDisposable> _apps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<HttpClient>> _clients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Func<IServiceProvider>> _services = new(StringComparer.Ordinal);

    private AccountSystem(GrowbinDatabase database, FakeOpenAiServer vision, FakeOpenAiServer chat, FakeKakaoServer kakao)
    {
        Database = database;
        VisionModel = vision;
        ChatModel = chat;
        Kakao = kakao;
        Dapr = new InMemoryDaprClient(Clock);
        Sidecar = new InMemoryWorkflowSidecar(Clock);
        Images = new S3BindingHandler("growbin-images", time: Clock);
    }

    public ManualTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));

    public InMemoryDaprClient Dapr { get; }

    public InMemoryWorkflowSidecar Sidecar { get; }

    public S3BindingHandler Images { get; }

    public GrowbinDatabase Database { get; }

    public FakeOpenAiServer VisionModel { get; }

    public FakeOpenAiServer ChatModel { get; }

    public FakeKakaoServer Kakao { get; }

    public static async Task<AccountSystem> StartAsync()
    {
        var system = new AccountSystem(
            await GrowbinDatabase.CreateAsync("accounts"),
            await FakeOpenAiServer.StartAsync(),
            await FakeOpenAiServer.StartAsync(),
            await FakeKakaoServer.StartAsync());
        await system.StartAppsAsync();
        return system;
    }

    private async Task StartAppsAsync()
    {
        VisionModel.DefaultResponse = FakeOpenAiResponse.Json(VisionAnswers.MilkCarton);
        ChatModel.DefaultResponse = FakeOpenAiResponse.Stream("우유팩은 헹궈서 말린 뒤 종이팩으로 버려요. [item:milk-carton]");
        Kakao.AddPlace(new FakeKakaoPlace("7001", "합정역 폐건전지 수거함", 37.5496, 126.9139, "서울 마포구 합정동"));
        Dapr.RegisterBinding(DaprComponents.Images, Images);
        Database.AttachTo(Dapr);
        Kakao.AttachTo(Dapr);
        var keys = JsonSerializer.Serialize(new[] { new { kid = "key-1", privateKeyPem = _signingKey.ExportPkcs8PrivateKeyPem(), active = true } });
        Dapr.SetSecret(DaprComponents.SecretStore, "auth-signing-keys", new() { ["auth-signing-keys"] = keys });

        // auth first: every API reads its JWKS through service invocation.
        Start(AppIds.Auth, App<Auth::Program>());
        Start(AppIds.UserInfo, App<UserInfo::Program>());
        Start(AppIds.WasteApi, App<WasteApi::Program>().WithSetting("Waste:EventsPollInterval", "00:00:00.010"));
        Start(AppIds.ChatLlm, App<ChatLlm::Program>()
            .WithSetting("OpenAI:Endpoint", ChatModel.Endpoint.ToString())
            .WithSetting("OpenAI:ApiKey", "sk-test")
            .WithSetting("OpenAI:Model", "gpt-4o-mini")
            .WithServices(s => s.UseInProcessAiBudget()));
        Start(AppIds.Location, App<Location::Program>());
        Start(AppIds.TaskScheduler, App<TaskScheduler::Program>()
            .WithSetting("Scheduler:InstanceId", "task-scheduler-0")
            .WithServices(s => s.UseInProcessAiBudget()));
        await StartWorkerAsync(AppIds.ImageUploader, App<ImageUploader::Program>());
        await StartWorkerAsync(AppIds.VisionAnalyzer, App<VisionAnalyzer::Program>()
            .WithSetting("OpenAI:Endpoint", VisionModel.Endpoint.ToString())
            .WithSetting("OpenAI:ApiKey", "sk-test")
            .WithSetting("OpenAI:Model", "gpt-4.1")
            .WithSetting("AiBudget:DailyCalls", "100")
            .WithSetting("AiBudget:DailyCostUsd", null)
            .WithServices(s => s.UseInProcessAiBudget()));
        await StartWorkerAsync(AppIds.RuleRetriever, App<RuleRetriever::Program>());
        await StartWorkerAsync(AppIds.ResponseGenerator, App<ResponseGenerator::Program>());
        await StartWorkerAsync(AppIds.ScanPipeline, App<ScanPipeline::Program>());

        // What each sidecar does at start-up: read the app's subscriptions and bind its queues.
        foreach (var appId in Subscribers)
        {
            await Dapr.SubscribeAppAsync(appId);
        }
    }

    /// <summary>A users row as auth makes it at first login, with one linked identity.</summary>
    public async Task<string> CreateUserAsync(string nickname)
    {
        var id = (await Database.ScalarAsync<Guid>("INSERT INTO growbin.users (nickname) VALUES ($1) RETURNING id", nickname))!;
        await using var identity = Database.Sql.CreateCommand(
            "INSERT INTO growbin.user_identities (provider, subject, user_id) VALUES ('kakao', $1, $2)");
        identity.Parameters.AddWithValue(Guid.NewGuid().ToString("N"));
        identity.Parameters.AddWithValue(id);
        await identity.ExecuteNonQueryAsync();
        return id.ToString("D");
    }

    /// <summary>A login's token pair, issued by the real auth (a refresh-token family in its state).</summary>
    public Task<AuthTokens.TokenPair> LoginAsync(string userId) =>
        Services(AppIds.Auth).GetRequiredService<AuthTokens.TokenService>().IssueAsync(userId);

    /// <summary>A new client of the app's in-process server, with <paramref name="accessToken"/> as its Bearer token.</summary>
    public HttpClient Client(string appId, string? accessToken = null)
    {
        var client = _clients[appId]();
        if (accessToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        return client;
    }

    public IServiceProvider Services(string appId) => _services[appId]();

    /// <summary>POSTs a photo to waste-api and returns the accepted scan's task id.</summary>
    public async Task<string> SubmitAsync(string accessToken, byte[] photo, string idempotencyKey)
    {
        var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(photo) { Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") } }, "image", "photo.jpg" },
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/waste/analyze") { Content = form };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        using var response = await Client(AppIds.WasteApi, accessToken).SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.Accepted, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("taskId").GetString()!;
    }

    /// <summary>Runs the scan to its end on the test clock and delivers what it published (scan-completed to userinfo).</summary>
    public async Task RunScanAsync(string taskId)
    {
        var finished = await Sidecar.RunUntilFinishedAsync(taskId);
        finished.RuntimeStatus.Should().Be(global::Dapr.Workflow.WorkflowRuntimeStatus.Completed, Sidecar.Describe());
        await Sidecar.WaitForIdleAsync();
        await DeliverAsync();
    }

    /// <summary>One chat message (a new conversation when <paramref name="conversationId"/> is null); returns the conversation id.</summary>
    public async Task<string> ChatAsync(string accessToken, string message, string? conversationId = null)
    {
        using var response = await Client(AppIds.ChatLlm, accessToken).PostAsJsonAsync("/api/v1/chat/message", new { message, conversationId });
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("conversationId").GetString()!;
    }

    public async Task SearchAsync(string accessToken, string query)
    {
        using var response = await Client(AppIds.Location, accessToken).GetAsync($"/api/v1/locations/search?query={Uri.EscapeDataString(query)}&lat=37.5496&lng=126.9139");
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Hands every queued message to its subscriber, as the sidecars do, until no queue has any left.</summary>
    public Task<IReadOnlyList<PubSubDelivery>> DeliverAsync() => Dapr.DeliverPendingAsync();

    /// <summary>One cron tick of task-scheduler, as its scheduler-tick binding POSTs it.</summary>
    public async Task<JsonElement> TickAsync()
    {
        using var response = await Client(AppIds.TaskScheduler).PostAsync("/" + DaprComponents.SchedulerTick, content: null);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Every key and stored value of the Redis-backed stores, as (store, key, JSON).</summary>
    public IReadOnlyList<(string Store, string Key, string Json)> StateEntries() =>
        [.. StateTtlAudit.RedisStores.SelectMany(store => Dapr.StateKeys(store).Select(key => (store, key, Dapr.GetStoredJson(store, key) ?? "")))];

    /// <summary>Stops every app; then fails if the test left a state key without a TTL (Redis runs noeviction).</summary>
    public async ValueTask DisposeAsync()
    {
        var left = StateTtlAudit.Of(Dapr);
        foreach (var app in _apps.Values.Reverse())
        {
            await app.DisposeAsync();
        }

        await VisionModel.DisposeAsync();
        await ChatModel.DisposeAsync();
        await Kakao.DisposeAsync();
        await Database.DisposeAsync();
        _signingKey.Dispose();
        left.ThrowIfAnyWithoutTtl();
    }

    /// <summary>An app on the shared double with the shared clock and limits no test here meets.</summary>
    private GrowbinAppFactory<TProgram> App<TProgram>()
        where TProgram : class =>
        new GrowbinAppFactory<TProgram>(Dapr)
            .WithSetting("RateLimiting:PerUser:TokenLimit", "10000")
            .WithSetting("RateLimiting:PerUser:TokensPerPeriod", "10000")
            .WithServices(s =>
            {
                s.RemoveAll<TimeProvider>();
                s.AddSingleton<TimeProvider>(Clock);
            });

    /// <summary>Creating the client starts the host.</summary>
    private void Start<TProgram>(string appId, GrowbinAppFactory<TProgram> factory)
        where TProgram : class
    {
        Dapr.RegisterApp(appId, factory.CreateClient());
        _apps[appId] = factory;
        _clients[appId] = factory.CreateClient;
        _services[appId] = () => factory.Services;
    }

    private async Task StartWorkerAsync<TProgram>(string appId, GrowbinAppFactory<TProgram> factory)
        where TProgram : class
    {
        Start(appId, factory.WithServices(s => s.UseInMemoryWorkflowSidecar(Sidecar, appId)));
        await Sidecar.WaitForConnectionAsync(appId);
    }
}
