using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Growbin.ServiceDefaults.Sidecar;

/// <summary>
/// Which routes only the app's own Dapr sidecar may call. Two ways in, checked by one middleware
/// (<see cref="SidecarOnlyMiddleware"/>):
/// <list type="bullet">
/// <item>every path under <see cref="ReservedPrefixes"/> — routes mapped by libraries (actors, <c>/dapr/subscribe</c>,
/// the workflow and AI-budget endpoints) and future ones are covered without a line in the app, and an
/// <c>AllowAnonymous()</c> on a group cannot undo it;</item>
/// <item>any endpoint marked with <see cref="RequireSidecar{TBuilder}"/>, for sidecar routes whose path is not
/// reserved: pub/sub delivery routes (<c>MapSubscription</c> marks them itself) and input binding routes.</item>
/// </list>
/// </summary>
public static class SidecarRoutes
{
    /// <summary>Dapr's own callbacks (<c>/dapr</c>, <c>/actors</c>) and Growbin's invoked-only routes.</summary>
    public static readonly IReadOnlyList<PathString> ReservedPrefixes =
    [
        "/dapr",
        "/actors",
        "/internal",
        "/events",
    ];

    /// <summary>Only the sidecar may call these endpoints (when <c>APP_API_TOKEN</c> is configured).</summary>
    public static TBuilder RequireSidecar<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Add(endpoint => endpoint.Metadata.Add(SidecarOnlyMetadata.Instance));
        return builder;
    }

    public static bool IsSidecarOnly(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<SidecarOnlyMetadata>() is not null)
        {
            return true;
        }

        var path = context.Request.Path;
        foreach (var prefix in ReservedPrefixes)
        {
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
