using Growbin.TestSupport.Ai;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Growbin.VisionAnalyzer.Tests.Support;

/// <summary>vision-analyzer in process, with the budget actor hosted in the test (<see cref="InProcessAiBudget"/>).</summary>
public sealed class VisionAnalyzerFactory(InMemoryDaprClient? dapr = null) : GrowbinAppFactory<Program>(dapr)
{
    public InProcessAiBudget Budget => Services.GetRequiredService<InProcessAiBudget>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.UseInProcessAiBudget());
    }
}
