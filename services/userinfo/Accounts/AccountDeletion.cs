using Dapr;
using Growbin.ServiceDefaults.Authentication;
using Growbin.UserInfo.Data;
using Growbin.UserInfo.Events;

namespace Growbin.UserInfo.Accounts;

/// <summary>
/// Deletes an account (README "Deleting an account"): the users row with its identities and scan history (one
/// statement, ON DELETE CASCADE), then the account on the token denylist, so no API takes its tokens any more and
/// nothing new is written for it, then <c>user-deleted</c> for the apps that keep the rest. Each step after the
/// database is logged and counted when it fails, never undone: the account is gone once its row is.
/// </summary>
public sealed class AccountDeletion(
    UserStore users,
    TokenDenylist denylist,
    UserDeletedPublisher publisher,
    TimeProvider time,
    ILogger<AccountDeletion> logger)
{
    /// <summary>False when there was no such account.</summary>
    public async Task<bool> DeleteAsync(Guid userId, CancellationToken cancellationToken)
    {
        if (!await users.DeleteAsync(userId, cancellationToken))
        {
            return false;
        }

        // Not the request's token from here on: a client hanging up after the delete must not stop the rest.
        var id = userId.ToString("D");
        try
        {
            await denylist.DenyAccountAsync(id, time.GetUtcNow(), CancellationToken.None);
        }
        catch (DaprException ex)
        {
            // Its tokens then expire on their own, within 15 minutes; user-deleted still goes out.
            logger.LogError(ex, "User {UserId} was deleted but could not be put on the token denylist", id);
        }

        await publisher.PublishAsync(userId, CancellationToken.None);
        return true;
    }
}
