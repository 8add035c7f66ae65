using Growbin.Ai;
using Growbin.Ai.Budget;
using Growbin.Knowledge;
using Growbin.VisionAnalyzer.Ai;
using Growbin.VisionAnalyzer.Cache;
using Growbin.VisionAnalyzer.Images;
using Growbin.ServiceDefaults.Telemetry;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Growbin.VisionAnalyzer;

/// <summary>vision-analyzer's own registrations: options, the analyze step's parts and the AI budget actor it hosts.</summary>
public static class VisionAnalyzerExtensions
{
    public static IHostApplicationBuilder AddVisionAnalyzer(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOpenAi(o =>
        {
            // A model that bills a low-detail image at a flat 85 tokens (gpt-4.1, gpt-4o). The mini models bill images
            // differently (gpt-4o-mini: 2,833 tokens; gpt-4.1-mini: per 32 px patch) and break the per-scan token goal.
            o.Model = "gpt-4.1";
            o.Timeout = TimeSpan.FromSeconds(30);
            // The JSON classification needs well under 100 tokens.
            o.MaxOutputTokens = 300;
        });
        services.AddOptions<AiCacheOptions>().BindConfiguration(AiCacheOptions.SectionName);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(KnowledgeBase.Default);
        services.AddSingleton<ClassificationSchema>();
        services.AddSingleton<VisionClassifier>();
        services.AddSingleton<AiResultCache>();
        services.AddSingleton<ScanImageStore>();
        services.AddSingleton<AiMetrics>();
        services.AddSingleton<ScanAnalyzer>();

        // The budget actor lives here; AddActors first, so the budget uses the actor runtime's proxy factory. Other apps
        // reach it through MapAiBudgetEndpoints (service invocation works across namespaces, actor calls do not).
        services.AddActors(options => options.Actors.RegisterActor<AiBudgetActor>());
        services.AddAiBudgetHost();
        return builder;
    }
}
