using System.Globalization;
using System.Security.Claims;
using Growbin.ChatLlm.Chat;
using Growbin.ServiceDefaults.Authentication;

namespace Growbin.ChatLlm.Apis;

/// <summary>
/// Whether the access token a chat socket was opened with still stands, asked at the upgrade and again before every
/// message: not expired (read from <see cref="TimeProvider"/>), and neither its <c>jti</c> (auth's logout) nor its
/// account (userinfo's deletion) on the <c>token-denylist</c>. The denylist is read each time, not through the
/// validator's cache, so a logout or a deletion closes the socket at its very next message. Expiry needs no message:
/// <see cref="WhenExpiredAsync"/> lets the session close an idle socket the moment its token expires.
/// </summary>
public sealed class ChatSocketAccess(TokenDenylist denylist, TimeProvider time)
{
    /// <summary>Null while the socket may go on; else the error to send before closing it with 1008 (policy violation).</summary>
    public async Task<ChatProblem?> RefusalAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (HasExpired(user))
        {
            return ChatProblems.TokenExpired();
        }

        var userId = user.FindFirstValue("sub");
        var jti = user.FindFirstValue("jti");
        if (string.IsNullOrEmpty(userId) || string.IsNullOrEmpty(jti))
        {
            return ChatProblems.TokenRevoked();
        }

        return await denylist.IsDeniedAsync(jti, userId, cancellationToken) ? ChatProblems.TokenRevoked() : null;
    }

    /// <summary>The clock alone, no state read: past the token's <c>exp</c> (or without one).</summary>
    public bool HasExpired(ClaimsPrincipal user) => ExpiresAt(user) is not { } expiresAt || time.GetUtcNow() >= expiresAt;

    /// <summary>Completes once the token's <c>exp</c> has passed on the clock: at once for a token without one.</summary>
    public async Task WhenExpiredAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (ExpiresAt(user) is not { } expiresAt)
        {
            return;
        }

        // Task.Delay waits at most about 49 days at a time; a longer-lived token is waited out in steps.
        while (expiresAt - time.GetUtcNow() is var left && left > TimeSpan.Zero)
        {
            await Task.Delay(left < LongestDelay ? left : LongestDelay, time, cancellationToken);
        }
    }

    private static readonly TimeSpan LongestDelay = TimeSpan.FromDays(30);

    private static DateTimeOffset? ExpiresAt(ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue("exp"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var exp)
            ? DateTimeOffset.FromUnixTimeSeconds(exp)
            : null;
}
