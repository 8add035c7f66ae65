using System.Net;
using System.Text.Json;
using Growbin.ScheduleImport.Import;
using Growbin.ServiceDefaults.Data;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Hosting;
using Growbin.TestSupport.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Growbin.RecycleInfo.Tests;

/// <summary>
/// recycle-info on the Dapr double with growbin-db on a real migrated PostgreSQL, holding the synthetic schedule
/// samples imported by the real importer (마포구, 서대문구, 성남시 분당구, 세종), and a clock each test sets.
/// </summary>
public sealed class ScheduleHost : IAsyncLifetime
{
    public SettableClock Clock { get; } = new();

    public InMemoryDaprClient Dapr { get; } = new();

    public GrowbinDatabase Database { get; private set; } = null!;

    public GrowbinAppFactory<Program> Factory { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await GrowbinDatabase.CreateAsync("schedule_api");
        Database.AttachTo(Dapr);
        var importer = new ScheduleImporter(new ScheduleWriter(new PostgresBinding(Dapr)));
        foreach (var sample in (string[])["synthetic-mapo-utf8.csv", "synthetic-seodaemun-bundang-sejong-cp949.csv"])
        {
            var report = await importer.ImportAsync(new ScheduleImportOptions(Path.Combine(AppContext.BaseDirectory, "ScheduleSamples", sample)));
            report.Errors.Should().BeEmpty();
        }

        Factory = CreateFactory(tokenLimit: 100_000);
        Client = Factory.CreateClient();
    }

    /// <summary>Another host on the same double and clock, with its own per-address token bucket.</summary>
    public GrowbinAppFactory<Program> CreateFactory(int tokenLimit) => new GrowbinAppFactory<Program>(Dapr)
        .WithSetting("RateLimiting:PerUser:TokenLimit", tokenLimit.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .WithSetting("RateLimiting:PerUser:TokensPerPeriod", "1")
        .WithSetting("RateLimiting:PerUser:ReplenishmentPeriod", "01:00:00")
        .WithServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
        });

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
        Dapr.Dispose();
    }

    public async Task<JsonElement> GetJsonAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await Client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static string Url(string region, string area) =>
        $"/api/v1/recycle/schedule?region={Uri.EscapeDataString(region)}&area={Uri.EscapeDataString(area)}";
}
