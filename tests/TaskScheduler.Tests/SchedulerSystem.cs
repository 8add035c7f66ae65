using System.Net.Http.Json;
using System.Text.Json;
using Growbin.Ai.Budget;
using Growbin.Contracts;
using Growbin.TaskScheduler.Apis;
using Dapr.Client;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Hosting;
using Growbin.TestSupport.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Prometheus;

namespace Growbin.TaskScheduler.Tests;

/// <summary>
/// task-scheduler hosts (one per replica) sharing one Dapr double — state, lock, the images bucket, pub/sub, and
/// growbin-db on a real PostgreSQL (created at its first statement) — one manual clock, a fake AI budget and a fake
/// scan-pipeline. Ticks are POSTed as the cron binding does.
/// </summary>
public sealed class SchedulerSystem : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2030, 1, 2, 10, 15, 0, TimeSpan.Zero);
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly List<GrowbinAppFactory<Program>> _hosts = [];
    private readonly Lazy<Task<GrowbinDatabase>> _database = new(() => GrowbinDatabase.CreateAsync("scheduler"));

    public SchedulerSystem()
    {
        Dapr = new InMemoryDaprClient(Clock);
        Objects = new S3BindingHandler("growbin-images", time: Clock);
        Bucket = new GatedBindingHandler(Objects);
        Dapr.RegisterBinding(DaprComponents.Images, Bucket);
        Dapr.RegisterBinding(DaprComponents.Database, new DatabaseOnFirstUse(this));
        Dapr.RegisterApp(AppIds.ScanPipeline, new HttpClient(Pipeline) { BaseAddress = new Uri("http://scan-pipeline/") });
    }

    /// <summary>The growbin-db database (migrated; created now if no statement has run yet).</summary>
    public Task<GrowbinDatabase> DatabaseAsync() => _database.Value;

    /// <summary>Statements sent to growbin-db whose SQL contains <paramref name="text"/> (none if the database was never used).</summary>
    public async Task<int> StatementsAsync(string text) =>
        _database.IsValueCreated ? (await _database.Value).Binding.Executed.Count(s => s.Sql.Contains(text, StringComparison.Ordinal)) : 0;

    /// <summary>How often the daily report wrote its row (each run writes once, so this counts the runs).</summary>
    public Task<int> UsageReportWritesAsync() => StatementsAsync("INSERT INTO growbin.ai_usage_daily");

    public ManualTimeProvider Clock { get; } = new(Start);

    public S3BindingHandler Objects { get; }

    public GatedBindingHandler Bucket { get; }

    public InMemoryDaprClient Dapr { get; }

    public FakeAiBudget Budget { get; } = new();

    public FakeScanPipeline Pipeline { get; } = new();

    /// <summary>Puts an object whose LastModified is <paramref name="age"/> before <see cref="Clock"/>'s now.</summary>
    public void Upload(string key, TimeSpan age)
    {
        Objects.PutAt(key, [1, 2, 3], Clock.GetUtcNow() - age, "image/jpeg");
    }

    public GrowbinAppFactory<Program> Replica(string instanceId, params (string Key, string Value)[] settings)
    {
        var host = new GrowbinAppFactory<Program>(Dapr)
            .WithSetting("Scheduler:InstanceId", instanceId)
            .WithServices(s =>
            {
                s.RemoveAll<TimeProvider>();
                s.AddSingleton<TimeProvider>(Clock);
                s.RemoveAll<IAiBudget>();
                s.AddSingleton<IAiBudget>(Budget);
            });
        foreach (var (key, value) in settings)
        {
            host.WithSetting(key, value);
        }

        _hosts.Add(host);
        return host;
    }

    public static async Task<TickResult> TickAsync(GrowbinAppFactory<Program> replica)
    {
        using var client = replica.CreateClient();
        using var response = await client.PostAsync(SchedulerTickApi.Route, content: null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<TickResult>(Json))!;
    }

    public static double Runs(string job, string outcome) =>
        Metrics.CreateCounter("growbin_scheduler_job_runs_total", "", "job", "outcome").WithLabels(job, outcome).Value;

    public static double Gauge(string name, params string[] labels) =>
        labels.Length == 0
            ? Metrics.CreateGauge(name, "").Value
            : Metrics.CreateGauge(name, "", "limit").WithLabels(labels).Value;

    /// <summary>Stops every replica; then fails if the test left a state key without a TTL (Redis runs noeviction).</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        var left = StateTtlAudit.Of(Dapr);
        Dapr.Dispose();
        if (_database.IsValueCreated)
        {
            await (await _database.Value).DisposeAsync();
        }

        left.ThrowIfAnyWithoutTtl();
    }

    private sealed class DatabaseOnFirstUse(SchedulerSystem system) : IBindingHandler
    {
        public async Task<BindingResponse> HandleAsync(BindingRequest request, CancellationToken ct) =>
            await (await system.DatabaseAsync()).Binding.HandleAsync(request, ct);
    }
}
