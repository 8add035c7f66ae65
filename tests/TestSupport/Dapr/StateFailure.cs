using Grpc.Core;

namespace Growbin.TestSupport.Dapr;

/// <summary>
/// A state call the sidecar answered with an error: the operation ("save", "delete", "transaction"), the store, the
/// key it concerned, the gRPC code and the sidecar's message.
/// </summary>
public sealed record StateFailure(string Operation, string Store, string Key, StatusCode Code, string Message);
