using Dapr.Client;

namespace Growbin.TestSupport.Dapr;

#pragma warning disable DAPR_DISTRIBUTEDLOCK // The lock API is experimental in 1.19; overriding it is unavoidable.

public sealed partial class InMemoryDaprClient
{
    private readonly object _locksGate = new();
    private readonly Dictionary<(string Store, string Resource), (string Owner, DateTimeOffset ExpiresAt)> _locks = new();

    /// <summary>
    /// Try-lock with owner and expiry measured on the injected clock. Note: TryLockResponse.DisposeAsync in the
    /// 1.19 SDK builds a brand-new DaprClient to unlock, bypassing this double; services should call Unlock.
    /// </summary>
    public override Task<TryLockResponse> Lock(string storeName, string resourceId, string lockOwner, int expiryInSeconds,
        CancellationToken cancellationToken = default)
    {
        RequireNotEmpty(storeName, nameof(storeName));
        RequireNotEmpty(resourceId, nameof(resourceId));
        RequireNotEmpty(lockOwner, nameof(lockOwner));
        if (expiryInSeconds <= 0)
        {
            throw new ArgumentException("The value cannot be zero or less than zero: " + expiryInSeconds);
        }

        ThrowIfDisposed();
        bool acquired;
        lock (_locksGate)
        {
            var now = _time.GetUtcNow();
            var held = _locks.TryGetValue((storeName, resourceId), out var current) && current.ExpiresAt > now;
            acquired = !held;
            if (acquired)
            {
                _locks[(storeName, resourceId)] = (lockOwner, now.AddSeconds(expiryInSeconds));
            }
        }

        return Task.FromResult(new TryLockResponse
        {
            StoreName = storeName,
            ResourceId = resourceId,
            LockOwner = lockOwner,
            Success = acquired,
        });
    }

    public override Task<UnlockResponse> Unlock(string storeName, string resourceId, string lockOwner,
        CancellationToken cancellationToken = default)
    {
        RequireNotEmpty(storeName, nameof(storeName));
        RequireNotEmpty(resourceId, nameof(resourceId));
        RequireNotEmpty(lockOwner, nameof(lockOwner));
        ThrowIfDisposed();
        LockStatus status;
        lock (_locksGate)
        {
            var now = _time.GetUtcNow();
            if (!_locks.TryGetValue((storeName, resourceId), out var current) || current.ExpiresAt <= now)
            {
                _locks.Remove((storeName, resourceId));
                status = LockStatus.LockDoesNotExist;
            }
            else if (current.Owner != lockOwner)
            {
                status = LockStatus.LockBelongsToOthers;
            }
            else
            {
                _locks.Remove((storeName, resourceId));
                status = LockStatus.Success;
            }
        }

        return Task.FromResult(new UnlockResponse(status));
    }
}
