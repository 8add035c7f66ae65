using System.Threading.Channels;
using Grpc.Core;

namespace Growbin.TestSupport.Workflows;

/// <summary>One open <c>GetWorkItems</c> server stream of an app: the serialised work items waiting to be read.</summary>
internal sealed class WorkItemStream(long id, string appId)
{
    private readonly Channel<byte[]> _items = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });

    public long Id { get; } = id;

    public string AppId { get; } = appId;

    public bool Ended { get; private set; }

    /// <summary>What the reader throws once the stream has ended; null for a clean end of stream.</summary>
    public RpcException? EndError { get; private set; }

    public ChannelReader<byte[]> Reader => _items.Reader;

    public IDisposable? CancellationRegistration { get; set; }

    public void Send(byte[] workItem) => _items.Writer.TryWrite(workItem);

    public void End(RpcException? error)
    {
        Ended = true;
        EndError = error;
        _items.Writer.TryComplete();
    }
}
