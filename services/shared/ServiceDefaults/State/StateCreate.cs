using Dapr.Client;

namespace Growbin.ServiceDefaults.State;

/// <summary>
/// Create-if-absent writes to the Redis state store that lose a race as a plain <c>false</c>.
/// <para>
/// A first-write save without an ETag that finds the key already created by another first-writer is refused by
/// contrib's Redis script with a plain error (components-contrib state/redis/redis.go Set, setDefaultQuery), which the
/// sidecar answers as gRPC Internal (dapr pkg/api/grpc/grpc.go getStateErrorCode) after resiliency has retried it as
/// transient (dapr pkg/components/state/bulk.go), and which TrySaveStateAsync throws instead of returning false.
/// So a create sends first-write with the ETag "0": Redis versions start at 1, so "0" never matches a key that exists,
/// the refusal is an ETag mismatch, bulk.go makes it permanent (no retry), the sidecar answers Aborted and the client
/// returns false.
/// </para>
/// <para>
/// Only first-written keys are protected: Redis still lets version "0" overwrite a key that was created without
/// first-write, so every creator of a key must use this. Later writes go with the ETag they read
/// (<see cref="TrySaveOrCreateStateAsync{TValue}"/>): a first-written key refuses any save without an ETag.
/// </para>
/// </summary>
public static class StateCreate
{
    /// <summary>The ETag a create sends; no Redis key ever has version 0.</summary>
    public const string AbsentETag = "0";

    /// <summary>Creates <paramref name="key"/> if it does not exist; false when another writer created it first.</summary>
    public static Task<bool> TryCreateStateAsync<TValue>(this DaprClient dapr, string storeName, string key, TValue value,
        IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default) =>
        dapr.TrySaveStateAsync(storeName, key, value, AbsentETag, new StateOptions { Concurrency = ConcurrencyMode.FirstWrite },
            metadata, cancellationToken);

    /// <summary>
    /// The write of a read-modify-write: with the ETag the read returned, or as a create when the read found no key
    /// (empty ETag). False when another writer got in first; read again.
    /// </summary>
    public static Task<bool> TrySaveOrCreateStateAsync<TValue>(this DaprClient dapr, string storeName, string key, TValue value,
        string? etag, IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default) =>
        string.IsNullOrEmpty(etag)
            ? dapr.TryCreateStateAsync(storeName, key, value, metadata, cancellationToken)
            : dapr.TrySaveStateAsync(storeName, key, value, etag, metadata: metadata, cancellationToken: cancellationToken);
}
