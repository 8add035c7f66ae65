namespace Growbin.Contracts.Pipeline;

/// <summary>
/// image-uploader's sidecar-only route for scan-pipeline: <c>DELETE {Route}</c> forgets what the upload step of one
/// scan keeps (its stored result, and the raw upload if it is still there), for a deleted account. 204 whether or not
/// anything was there.
/// </summary>
public static class UploadsApi
{
    public const string Route = "/internal/uploads/{taskId}";

    public static string PathOf(string taskId) => "internal/uploads/" + Uri.EscapeDataString(taskId);
}
