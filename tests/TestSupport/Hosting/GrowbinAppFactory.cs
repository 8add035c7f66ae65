using Dapr.Client;
using Growbin.TestSupport.Dapr;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Growbin.TestSupport.Hosting;

/// <summary>
/// Hosts one Growbin app in-process with the shared in-memory Dapr double in place of its sidecar.
/// Settings are applied as in-memory configuration; logs are kept out of the test output.
/// </summary>
public class GrowbinAppFactory<TProgram> : WebApplicationFactory<TProgram>
    where TProgram : class
{
    private readonly Dictionary<string, string?> _settings = new()
    {
        // The double answers at once; no test should wait for a sidecar that cannot come.
        ["Dapr:SidecarStartupWait"] = "00:00:00.200",
    };

    private Action<IServiceCollection>? _configureServices;

    public GrowbinAppFactory(InMemoryDaprClient? dapr = null) => Dapr = dapr ?? new InMemoryDaprClient();

    public InMemoryDaprClient Dapr { get; }

    public string EnvironmentName { get; init; } = "Testing";

    public GrowbinAppFactory<TProgram> WithSetting(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    /// <summary>Replaces or adds services after the app's own registrations (e.g. an in-memory actor runtime).</summary>
    public GrowbinAppFactory<TProgram> WithServices(Action<IServiceCollection> configure)
    {
        _configureServices += configure;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(_settings));
        builder.ConfigureLogging(logging => logging.ClearProviders());
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<DaprClient>();
            services.AddSingleton<DaprClient>(Dapr);
            _configureServices?.Invoke(services);
        });
    }
}
