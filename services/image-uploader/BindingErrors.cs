using Grpc.Core;

namespace Growbin.ImageUploader;

/// <summary>
/// Reads a failed <c>images</c> binding call. Most failures may pass (a timeout, a refused connection: 503, retried);
/// these two never will, so the upload fails at once with a 422 instead of burning the pipeline's retries.
/// </summary>
public static class BindingErrors
{
    /// <summary>
    /// components-contrib's s3 binding answers a missing key with "object not found" (S3's NoSuchKey); the sidecar
    /// passes it on inside the gRPC status detail.
    /// </summary>
    public static bool IsMissingObject(Exception ex) =>
        Chain(ex).Any(e => e.Message.Contains("object not found", StringComparison.OrdinalIgnoreCase) ||
            e.Message.Contains("NoSuchKey", StringComparison.Ordinal));

    /// <summary>
    /// The object is bigger than a gRPC message may be (the client's receive limit or the sidecar's max body size):
    /// the same object is refused on every attempt.
    /// </summary>
    public static bool IsTooLarge(Exception ex) =>
        Chain(ex).Any(e => e is RpcException { StatusCode: StatusCode.ResourceExhausted });

    private static IEnumerable<Exception> Chain(Exception ex)
    {
        for (var e = (Exception?)ex; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }
}
