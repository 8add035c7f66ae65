using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Hosting;
using Growbin.VisionAnalyzer.Budget;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Growbin.VisionAnalyzer.Tests.Support;

/// <summary>vision-analyzer in process, with the budget actor hosted in the test (<see cref="HostedAiBudget"/>).</summary>
public sealed class VisionAnalyzerFactory(InMemoryDaprClient? dapr = null) : GrowbinAppFactory<Program>(dapr)
{
    public HostedAiBudget Budget => Services.GetRequiredService<HostedAiBudget>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IAiBudget>();
            services.AddSingleton<HostedAiBudget>();
            services.AddSingleton<IAiBudget>(sp => sp.GetRequiredService<HostedAiBudget>());
        });
    }
}
