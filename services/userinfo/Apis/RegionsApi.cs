using Growbin.Contracts.Pipeline;
using Growbin.UserInfo.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Growbin.UserInfo.Apis;

/// <summary>
/// A user's profile region for the other apps (waste-api's scans, chat-llm), which answer with the region's own rules.
/// Sidecar-only (<c>/internal</c>, SidecarRoutes): reached by service invocation
/// <c>/v1.0/invoke/userinfo/method/internal/users/{id}/region</c>, never through the Ingress.
/// </summary>
public static class RegionsApi
{
    public static IEndpointRouteBuilder MapRegionsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet(UserRegions.RouteTemplate, GetRegionAsync)
            .AllowAnonymous()
            .WithName("GetUserRegion")
            .WithSummary("The user's profile region (null when not set); 404 for an unknown user.")
            .ExcludeFromDescription();
        return routes;
    }

    private static async Task<Results<Ok<UserRegion>, NotFound>> GetRegionAsync(string id, UserStore users, CancellationToken cancellationToken)
    {
        var profile = Guid.TryParse(id, out var userId) ? await users.GetAsync(userId, cancellationToken) : null;
        return profile is null ? TypedResults.NotFound() : TypedResults.Ok(new UserRegion(profile.Region));
    }
}
