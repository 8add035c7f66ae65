using Dapr;
using Grpc.Core;

namespace Growbin.TestSupport.Dapr;

/// <summary>
/// Builds the exceptions the real gRPC DaprClient throws: a DaprException with the client's wording whose
/// InnerException is the RpcException the sidecar answered with. Services see the same shapes as in production.
/// </summary>
internal static class DaprErrors
{
    private const string Suffix = " failed: the Dapr endpoint indicated a failure. See InnerException for details.";

    public static DaprException State(StatusCode code, string sidecarMessage) =>
        new("State operation" + Suffix, Rpc(code, sidecarMessage));

    public static DaprException Publish(string sidecarMessage, Exception? cause = null) =>
        new("Publish operation" + Suffix, Rpc(StatusCode.Internal, sidecarMessage, cause));

    public static DaprException Binding(string bindingName, string sidecarMessage, Exception? cause = null) =>
        new("Binding operation" + Suffix,
            Rpc(StatusCode.Internal, $"error invoking output binding {bindingName}: {sidecarMessage}", cause));

    public static DaprException Secret(StatusCode code, string sidecarMessage) =>
        new("Secret operation" + Suffix, Rpc(code, sidecarMessage));

    public static DaprException BulkSecret(StatusCode code, string sidecarMessage) =>
        new("Bulk secret operation" + Suffix, Rpc(code, sidecarMessage));

    // The original exception rides along as Status.DebugException so a failing test can still show its stack.
    private static RpcException Rpc(StatusCode code, string detail, Exception? cause = null) =>
        new(new Status(code, detail, cause));
}
