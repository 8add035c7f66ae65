using Dapr;
using Grpc.Core;

namespace Growbin.ImageUploader.Tests;

/// <summary>The exception shapes of the real gRPC DaprClient, which the in-memory double cannot give every status of.</summary>
public sealed class BindingErrorsTests
{
    [Fact]
    public void A_missing_s3_key_is_recognised_inside_the_sidecars_answer()
    {
        var error = FromSidecar(StatusCode.Internal, "error invoking output binding images: object not found");

        BindingErrors.IsMissingObject(error).Should().BeTrue();
        BindingErrors.IsTooLarge(error).Should().BeFalse();
    }

    [Theory]
    [InlineData("Received message exceeds the maximum configured message size.")] // the .NET client's receive limit
    [InlineData("grpc: trying to send message larger than max (12582912 vs. 4194304)")] // the sidecar's max body size
    public void An_object_larger_than_a_grpc_message_is_too_large_for_good(string detail)
    {
        var error = FromSidecar(StatusCode.ResourceExhausted, detail);

        BindingErrors.IsTooLarge(error).Should().BeTrue();
        BindingErrors.IsMissingObject(error).Should().BeFalse();
    }

    [Theory]
    [InlineData(StatusCode.Unavailable, "connection refused")]
    [InlineData(StatusCode.DeadlineExceeded, "Deadline Exceeded")]
    [InlineData(StatusCode.Internal, "error invoking output binding images: s3 binding error: RequestError: send request failed")]
    public void A_transport_failure_is_neither_and_so_retried(StatusCode code, string detail)
    {
        var error = FromSidecar(code, detail);

        BindingErrors.IsMissingObject(error).Should().BeFalse();
        BindingErrors.IsTooLarge(error).Should().BeFalse();
    }

    private static DaprException FromSidecar(StatusCode code, string detail) =>
        new("Binding operation failed: the Dapr endpoint indicated a failure. See InnerException for details.",
            new RpcException(new Status(code, detail)));
}
