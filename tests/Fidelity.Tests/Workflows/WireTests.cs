using Growbin.TestSupport.Workflows;
using Growbin.Fidelity.Tests.Workflows.Apps;
using Grpc.Core;

namespace Growbin.Fidelity.Tests.Workflows;

public sealed class WireTests
{
    /// <remarks>Follows the test double's own guard: daprd parses the same protobuf messages (Dapr.DurableTask.Protobuf).</remarks>
    [Fact]
    public async Task A_message_that_does_not_parse_faults_the_sidecar_and_fails_the_next_wait()
    {
        var sidecar = new InMemoryWorkflowSidecar();
        var raw = new Marshaller<byte[]>(bytes => bytes, bytes => bytes);
        var method = new Method<byte[], byte[]>(MethodType.Unary, "TaskHubSidecarService", "CompleteActivityTask", raw, raw);

        var send = () => sidecar.CallInvokerFor(AppIds.WorkerA)
            .AsyncUnaryCall(method, null, new CallOptions(), [0xFF, 0xFF, 0xFF]).ResponseAsync;

        (await send.Should().ThrowAsync<RpcException>()).Which.StatusCode.Should().Be(StatusCode.Internal);
        sidecar.Faults.Should().ContainSingle().Which.Should().Contain("CompleteActivityTask");
        await sidecar.Invoking(s => s.WaitForIdleAsync(CancellationToken.None)).Should().ThrowAsync<InvalidOperationException>()
            .WithMessage("*faulted*");
    }
}
