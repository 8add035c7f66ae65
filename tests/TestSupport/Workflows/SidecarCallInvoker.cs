using Grpc.Core;

namespace Growbin.TestSupport.Workflows;

/// <summary>
/// The channel between one app and the in-memory sidecar. Every message crosses it as bytes: requests are
/// serialised with the method's own marshaller and parsed back with the protobuf parser before the engine sees
/// them, responses and work items the other way round, so a message the real wire would not carry fails here.
/// </summary>
internal sealed class SidecarCallInvoker(InMemoryWorkflowSidecar sidecar, string appId) : CallInvoker
{
    public override TResponse BlockingUnaryCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        AsyncUnaryCall(method, host, options, request).ResponseAsync.GetAwaiter().GetResult();

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        var response = InvokeAsync(method, options, request);
        return new AsyncUnaryCall<TResponse>(
            response,
            Task.FromResult(new Metadata()),
            () => StatusOf(response),
            () => new Metadata(),
            () => { });
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        if (method.Name != "GetWorkItems")
        {
            throw Unimplemented(method);
        }

        var stream = sidecar.OpenWorkItemStream(appId, Wire.Serialize(method.RequestMarshaller, request), options.CancellationToken);
        var reader = new WorkItemStreamReader<TResponse>(stream, method.ResponseMarshaller, options.CancellationToken);
        return new AsyncServerStreamingCall<TResponse>(
            reader,
            Task.FromResult(new Metadata()),
            () => stream.EndError?.Status ?? Status.DefaultSuccess,
            () => new Metadata(),
            () => sidecar.CloseWorkItemStream(stream, error: null));
    }

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, string? host, CallOptions options) => throw Unimplemented(method);

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(
        Method<TRequest, TResponse> method, string? host, CallOptions options) => throw Unimplemented(method);

    private async Task<TResponse> InvokeAsync<TRequest, TResponse>(Method<TRequest, TResponse> method, CallOptions options, TRequest request)
    {
        var requestBytes = Wire.Serialize(method.RequestMarshaller, request);
        var responseBytes = await sidecar.HandleUnaryAsync(appId, method.Name, requestBytes, options.CancellationToken).ConfigureAwait(false);
        return Wire.Deserialize(method.ResponseMarshaller, responseBytes);
    }

    private static Status StatusOf(Task task) => task switch
    {
        { IsCompletedSuccessfully: true } => Status.DefaultSuccess,
        { Exception.InnerException: RpcException rpc } => rpc.Status,
        { IsFaulted: true } => new Status(StatusCode.Unknown, task.Exception!.InnerException!.Message),
        { IsCanceled: true } => new Status(StatusCode.Cancelled, "Call canceled by the client."),
        _ => throw new InvalidOperationException("The call's status is known only once it has completed."),
    };

    private static RpcException Unimplemented(IMethod method) =>
        new(new Status(StatusCode.Unimplemented, $"{method.FullName} is not implemented by the in-memory workflow sidecar."));
}
