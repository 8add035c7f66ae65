using System.Security.Claims;

namespace Growbin.UserInfo.Apis;

/// <summary>The caller's user id: the access token's <c>sub</c>, a uuid minted by the database.</summary>
internal static class CurrentUser
{
    /// <summary>False when <c>sub</c> is missing or not a uuid: no row can belong to such a caller.</summary>
    public static bool TryGetId(ClaimsPrincipal user, out Guid userId)
    {
        userId = Guid.Empty;
        return user.FindFirstValue("sub") is { } sub && Guid.TryParse(sub, out userId);
    }
}
