using Grpc.Core;

namespace Growbin.TestSupport.Workflows;

/// <summary>
/// The client side of a <c>GetWorkItems</c> stream: each work item is parsed back with the method's own response
/// marshaller, so a work item the SDK could not read fails here as it would on the wire.
/// </summary>
internal sealed class WorkItemStreamReader<T>(WorkItemStream stream, Marshaller<T> marshaller, CancellationToken callToken)
    : IAsyncStreamReader<T>
{
    public T Current { get; private set; } = default!;

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, callToken);
        try
        {
            while (await stream.Reader.WaitToReadAsync(linked.Token).ConfigureAwait(false))
            {
                // Items still queued when the sidecar ended the stream are lost with the connection.
                if (stream.Ended)
                {
                    break;
                }

                if (stream.Reader.TryRead(out var bytes))
                {
                    Current = Wire.Deserialize(marshaller, bytes);
                    return true;
                }
            }
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Cancelled, "Call canceled by the client."));
        }

        if (stream.EndError is { } error)
        {
            throw error;
        }

        return false;
    }
}
