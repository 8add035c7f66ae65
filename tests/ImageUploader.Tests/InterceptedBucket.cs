using Dapr.Client;
using Growbin.TestSupport.Dapr;

namespace Growbin.ImageUploader.Tests;

/// <summary>The emulated bucket with a hook that runs before each call: to fail it, or to look at the world as it is then.</summary>
internal sealed class InterceptedBucket(S3BindingHandler bucket, Action<BindingRequest> before) : IBindingHandler
{
    /// <summary>The chosen operations fail the way an unreachable S3 endpoint does.</summary>
    public static InterceptedBucket Failing(S3BindingHandler bucket, params string[] operations) => new(bucket, request =>
    {
        if (operations.Contains(request.Operation))
        {
            throw new InvalidOperationException(
                $"s3 binding error: {request.Operation} failed: RequestError: send request failed: dial tcp 10.0.0.7:9000: connect: connection refused");
        }
    });

    public Task<BindingResponse> HandleAsync(BindingRequest request, CancellationToken ct)
    {
        before(request);
        return bucket.HandleAsync(request, ct);
    }
}
