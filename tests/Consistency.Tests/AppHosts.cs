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

namespace Growbin.Consistency.Tests;

/// <summary>Starts any of the 12 apps in-process by app-id (each has its own <c>Program</c>, hence the aliases).</summary>
internal static class AppHosts
{
    public static IAsyncDisposable Start(string appId, InMemoryDaprClient dapr, out HttpClient client) => appId switch
    {
        AppIds.WasteApi => Start(new GrowbinAppFactory<WasteApi::Program>(dapr), out client),
        AppIds.Auth => Start(new GrowbinAppFactory<Auth::Program>(dapr), out client),
        AppIds.UserInfo => Start(new GrowbinAppFactory<UserInfo::Program>(dapr), out client),
        AppIds.Location => Start(new GrowbinAppFactory<Location::Program>(dapr), out client),
        AppIds.RecycleInfo => Start(new GrowbinAppFactory<RecycleInfo::Program>(dapr), out client),
        AppIds.ChatLlm => Start(new GrowbinAppFactory<ChatLlm::Program>(dapr), out client),
        AppIds.ScanPipeline => Start(new GrowbinAppFactory<ScanPipeline::Program>(dapr), out client),
        AppIds.ImageUploader => Start(new GrowbinAppFactory<ImageUploader::Program>(dapr), out client),
        AppIds.VisionAnalyzer => Start(new GrowbinAppFactory<VisionAnalyzer::Program>(dapr), out client),
        AppIds.RuleRetriever => Start(new GrowbinAppFactory<RuleRetriever::Program>(dapr), out client),
        AppIds.ResponseGenerator => Start(new GrowbinAppFactory<ResponseGenerator::Program>(dapr), out client),
        AppIds.TaskScheduler => Start(new GrowbinAppFactory<TaskScheduler::Program>(dapr), out client),
        _ => throw new ArgumentOutOfRangeException(nameof(appId), appId, "not a Growbin app"),
    };

    public static Assembly AssemblyOf(string appId) => appId switch
    {
        AppIds.WasteApi => typeof(WasteApi::Program).Assembly,
        AppIds.Auth => typeof(Auth::Program).Assembly,
        AppIds.UserInfo => typeof(UserInfo::Program).Assembly,
        AppIds.Location => typeof(Location::Program).Assembly,
        AppIds.RecycleInfo => typeof(RecycleInfo::Program).Assembly,
        AppIds.ChatLlm => typeof(ChatLlm::Program).Assembly,
        AppIds.ScanPipeline => typeof(ScanPipeline::Program).Assembly,
        AppIds.ImageUploader => typeof(ImageUploader::Program).Assembly,
        AppIds.VisionAnalyzer => typeof(VisionAnalyzer::Program).Assembly,
        AppIds.RuleRetriever => typeof(RuleRetriever::Program).Assembly,
        AppIds.ResponseGenerator => typeof(ResponseGenerator::Program).Assembly,
        AppIds.TaskScheduler => typeof(TaskScheduler::Program).Assembly,
        _ => throw new ArgumentOutOfRangeException(nameof(appId), appId, "not a Growbin app"),
    };

    private static IAsyncDisposable Start<TProgram>(GrowbinAppFactory<TProgram> factory, out HttpClient client)
        where TProgram : class
    {
        client = factory.CreateClient();
        return factory;
    }
}
