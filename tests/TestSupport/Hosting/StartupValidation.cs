using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Growbin.TestSupport.Hosting;

/// <summary>
/// Runs the checks an app's host runs before it starts (options registered with <c>ValidateOnStart</c>) on the app's
/// own registrations and the given settings, without starting it: a WebApplicationFactory whose host fails at start
/// sometimes reports an ObjectDisposedException instead of the failure, which would make such a test flaky.
/// </summary>
public static class StartupValidation
{
    public static void Run(Action<IServiceCollection> register, IDictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        register(services);
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<IStartupValidator>().Validate();
    }
}
