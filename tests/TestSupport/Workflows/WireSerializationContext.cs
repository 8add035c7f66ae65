using System.Buffers;
using Grpc.Core;

namespace Growbin.TestSupport.Workflows;

/// <summary>Collects what a (contextual) gRPC marshaller writes, as the real transport would.</summary>
internal sealed class WireSerializationContext : SerializationContext
{
    private readonly ArrayBufferWriter<byte> _buffer = new();
    private byte[]? _payload;

    public byte[] Payload => _payload ?? throw new InvalidOperationException("The marshaller did not complete the message.");

    public override void Complete(byte[] payload) => _payload = payload;

    public override IBufferWriter<byte> GetBufferWriter() => _buffer;

    public override void SetPayloadLength(int payloadLength)
    {
    }

    public override void Complete() => _payload = _buffer.WrittenSpan.ToArray();
}
