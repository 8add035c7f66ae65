namespace Growbin.Contracts;

/// <summary>
/// Dapr app-ids (= folder names = Kubernetes Deployment names), used as service-invocation targets.
/// </summary>
public static class AppIds
{
    public const string WasteApi = "waste-api";
    public const string Auth = "auth";
    public const string UserInfo = "userinfo";
    public const string Location = "location";
    public const string RecycleInfo = "recycle-info";
    public const string ChatLlm = "chat-llm";
    public const string ScanPipeline = "scan-pipeline";
    public const string ImageUploader = "image-uploader";
    public const string VisionAnalyzer = "vision-analyzer";
    public const string RuleRetriever = "rule-retriever";
    public const string ResponseGenerator = "response-generator";
    public const string TaskScheduler = "task-scheduler";

    public static IReadOnlyList<string> All { get; } =
    [
        WasteApi, Auth, UserInfo, Location, RecycleInfo, ChatLlm,
        ScanPipeline, ImageUploader, VisionAnalyzer, RuleRetriever, ResponseGenerator, TaskScheduler,
    ];

    /// <summary>The apps behind the Ingress: they accept Bearer tokens, so each reads auth's JWKS and the token denylist.</summary>
    public static IReadOnlyList<string> Apis { get; } = [WasteApi, Auth, UserInfo, Location, RecycleInfo, ChatLlm];
}
