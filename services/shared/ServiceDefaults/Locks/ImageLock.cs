using Dapr.Client;
using Growbin.Contracts;
using Microsoft.Extensions.Logging;

namespace Growbin.ServiceDefaults.Locks;

#pragma warning disable DAPR_DISTRIBUTEDLOCK // The lock API is experimental in the Dapr SDK; it is the building block the design asks for.

/// <summary>
/// The Dapr lock on one stored image (<c>images/{sha256}.jpg</c>), taken by image-uploader around storing it and by
/// task-scheduler's image purge around checking and deleting it: a photo stored again by a new scan can then never be
/// deleted between the purge's check and its delete. The <c>lock</c> component shares its keys between apps
/// (<c>keyPrefix: name</c>; Dapr's default prefixes them with the app id, dapr/dapr pkg/components/lock/lock_config.go,
/// which would give each app a lock of its own). Every acquisition has an owner of its own, so releasing an expired
/// lease never frees someone else's.
/// </summary>
public sealed class ImageLock(DaprClient dapr, ILogger<ImageLock> logger)
{
    /// <summary>The lock's resource id; Dapr refuses ids containing <c>||</c>, which an image key never has.</summary>
    public static string ResourceFor(string imageKey) => "image-" + imageKey;

    /// <summary>The lease, or null when someone else holds the lock. A sidecar failure is a <see cref="Dapr.DaprException"/>.</summary>
    public async Task<ImageLease?> TryAcquireAsync(string imageKey, TimeSpan expiry, CancellationToken cancellationToken)
    {
        var owner = Guid.NewGuid().ToString("N");
        var response = await dapr.Lock(DaprComponents.Lock, ResourceFor(imageKey), owner,
            Math.Max(1, (int)Math.Ceiling(expiry.TotalSeconds)), cancellationToken);
        return response.Success ? new ImageLease(() => ReleaseAsync(imageKey, owner)) : null;
    }

    private async Task ReleaseAsync(string imageKey, string owner)
    {
        try
        {
            // Not the caller's token: a cancelled caller must still give the lock back.
            await dapr.Unlock(DaprComponents.Lock, ResourceFor(imageKey), owner, CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Image lock on {ImageKey}: unlock failed; it frees itself at its expiry", imageKey);
        }
    }
}
