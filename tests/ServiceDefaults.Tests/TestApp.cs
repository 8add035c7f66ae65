using Dapr.Client;
using Growbin.TestSupport.Dapr;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Growbin.ServiceDefaults.Tests;

/// <summary>A bare app built the way every Growbin Program.cs is, plus endpoints a test needs, on a test server.</summary>
internal static class TestApp
{
    public static async Task<WebApplication> StartAsync(
        Action<WebApplication>? mapEndpoints = null,
        InMemoryDaprClient? dapr = null,
        IDictionary<string, string?>? settings = null,
        bool mapDefaults = true,
        ILoggerProvider? logs = null,
        Action<WebApplication>? configurePipeline = null,
        Action<IServiceCollection>? configureServices = null,
        string environmentName = "Testing")
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environmentName });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Dapr:SidecarStartupWait"] = "00:00:00.200" });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.AddServiceDefaults();
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.Services.RemoveAll<DaprClient>();
        builder.Services.AddSingleton<DaprClient>(dapr ?? new InMemoryDaprClient());
        configureServices?.Invoke(builder.Services);

        var app = builder.Build();
        configurePipeline?.Invoke(app);
        if (mapDefaults)
        {
            app.MapDefaultEndpoints();
        }

        mapEndpoints?.Invoke(app);
        await app.StartAsync();
        return app;
    }
}
