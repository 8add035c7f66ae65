using System.Buffers;
using Grpc.Core;

namespace Growbin.TestSupport.Workflows;

/// <summary>Hands received bytes to a (contextual) gRPC marshaller.</summary>
internal sealed class WireDeserializationContext(byte[] payload) : DeserializationContext
{
    public override int PayloadLength => payload.Length;

    public override byte[] PayloadAsNewBuffer() => payload.ToArray();

    public override ReadOnlySequence<byte> PayloadAsReadOnlySequence() => new(payload);
}
