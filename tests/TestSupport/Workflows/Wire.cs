using Grpc.Core;

namespace Growbin.TestSupport.Workflows;

/// <summary>A gRPC method's own marshallers, used the way the transport uses them.</summary>
internal static class Wire
{
    public static byte[] Serialize<T>(Marshaller<T> marshaller, T message)
    {
        var context = new WireSerializationContext();
        marshaller.ContextualSerializer(message, context);
        return context.Payload;
    }

    public static T Deserialize<T>(Marshaller<T> marshaller, byte[] payload) =>
        marshaller.ContextualDeserializer(new WireDeserializationContext(payload));
}
