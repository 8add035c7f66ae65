using Dapr;
using Dapr.Client;
using Growbin.Contracts;
using Growbin.Contracts.Events;
using Prometheus;

namespace Growbin.UserInfo.Events;

/// <summary>
/// Announces a deleted account on <see cref="Topics.UserDeleted"/> so other apps purge what they keep of it. The
/// sidecar already retries a failed publish (resiliency.yaml, pubsub outbound); one that still fails is logged at
/// error level with the user id and counted in <c>growbin_user_deleted_unpublished_total</c> so it can be replayed.
/// </summary>
public sealed class UserDeletedPublisher(DaprClient dapr, TimeProvider time, ILogger<UserDeletedPublisher> logger)
{
    private static readonly Counter Unpublished = Metrics.CreateCounter(
        "growbin_user_deleted_unpublished_total",
        "Accounts deleted whose user-deleted event could not be published; each is logged with its user id.");

    /// <summary>True when the event reached the pub/sub component.</summary>
    public async Task<bool> PublishAsync(Guid userId, CancellationToken cancellationToken)
    {
        var deleted = new UserDeleted(Guid.NewGuid(), time.GetUtcNow(), userId.ToString("D"));
        try
        {
            await dapr.PublishEventAsync(DaprComponents.PubSub, Topics.UserDeleted, deleted, cancellationToken);
            return true;
        }
        catch (DaprException ex)
        {
            logger.LogError(ex, "User {UserId} was deleted but user-deleted (event {EventId}) was not published; replay it", deleted.UserId, deleted.Id);
            Unpublished.Inc();
            return false;
        }
    }
}
