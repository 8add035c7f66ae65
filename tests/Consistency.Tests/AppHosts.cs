extern alias Auth;
extern alias ChatLlm;
extern alias ImageUploader;
extern alias Location;
extern alias RecycleInfo;
extern alias ResponseGenerator;
extern alias RuleRetriever;
extern alias ScanPipeline;
extern alias TaskScheduler;
extern alias UserInfo;
extern alias VisionAnalyzer;
extern alias WasteApi;

using System.Reflection;
using Growbin.Contracts;
using Growbin.TestSupport.Dapr;
using Growbin.TestSupport.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Growbin.Consistency.Tests;

/// <summary>Starts any of the 12 apps in-process by app-id (each has its own <c>Program</c>, hence the aliases).</summary>
internal static class AppHosts
{
    private static readonly Dictionary<string, Type> Programs = new()
    {
        [AppIds.WasteApi] = typeof(WasteApi::Program),
        [AppIds.Auth] = typeof(Auth::Program),
        [AppIds.UserInfo] = typeof(UserInfo::Program),
        [AppIds.Location] = typeof(Location::Program),
        [AppIds.RecycleInfo] = typeof(RecycleInfo::Program),
        [AppIds.ChatLlm] = typeof(ChatLlm::Program),
        [AppIds.ScanPipeline] = typeof(ScanPipeline::Program),
        [AppIds.ImageUploader] = typeof(ImageUploader::Program),
        [AppIds.VisionAnalyzer] = typeof(VisionAnalyzer::Program),
        [AppIds.RuleRetriever] = typeof(RuleRetriever::Program),
        [AppIds.ResponseGenerator] = typeof(ResponseGenerator::Program),
        [AppIds.TaskScheduler] = typeof(TaskScheduler::Program),
    };

    public static Assembly AssemblyOf(string appId) => Programs[appId].Assembly;

    public static IAsyncDisposable Start(string appId, InMemoryDaprClient dapr, out HttpClient client)
    {
        var factoryType = typeof(GrowbinAppFactory<>).MakeGenericType(Programs[appId]);
        var factory = (IAsyncDisposable)Activator.CreateInstance(factoryType, dapr)!;
        client = (HttpClient)factoryType.GetMethod(nameof(WebApplicationFactory<object>.CreateClient), Type.EmptyTypes)!.Invoke(factory, null)!;
        return factory;
    }
}
