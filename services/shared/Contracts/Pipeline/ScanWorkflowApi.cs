namespace Growbin.Contracts.Pipeline;

/// <summary>
/// scan-pipeline's sidecar-only routes for apps in other namespaces (Dapr Workflow's client reaches only the sidecar
/// of the app that hosts the workflow): <c>POST {Path}</c> with a <see cref="ScanRequest"/> starts the scan (201, or
/// 200 when that task id already exists: nothing changes); <c>GET {Path}</c> reads its <see cref="ScanState"/>
/// (404 <see cref="ScanNotFoundType"/> for an unknown id).
/// </summary>
public static class ScanWorkflowApi
{
    public const string Route = "/internal/workflows/{taskId}";

    public const string ScanNotFoundType = "https://api.growbin.app/problems/scan-not-found";

    public static string PathOf(string taskId) => "internal/workflows/" + Uri.EscapeDataString(taskId);
}
