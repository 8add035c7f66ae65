using Growbin.Knowledge;
using Growbin.VisionAnalyzer.Ai;
using Growbin.VisionAnalyzer.Budget;
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
        services.AddOptions<OpenAiOptions>().BindConfiguration(OpenAiOptions.SectionName);
        services.AddOptions<AiCacheOptions>().BindConfiguration(AiCacheOptions.SectionName);
        services.AddOptions<AiBudgetOptions>().BindConfiguration(AiBudgetOptions.SectionName);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(KnowledgeBase.Default);
        services.AddSingleton<ClassificationSchema>();
        services.AddSingleton<VisionClassifier>();
        services.AddSingleton<AiResultCache>();
        services.AddSingleton<ScanImageStore>();
        services.AddSingleton<AiMetrics>();
        services.AddSingleton<IAiBudget, ActorAiBudget>();
        services.AddSingleton<ScanAnalyzer>();

        services.AddActors(options => options.Actors.RegisterActor<AiBudgetActor>());
        return builder;
    }
}
