using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Growbin.ServiceDefaults.Sidecar;

/// <summary>
/// Refuses a sidecar-only request (<see cref="SidecarRoutes.IsSidecarOnly"/>) that the <c>DaprAppToken</c> scheme
/// does not accept, with a 401 ProblemDetails, before anything reads its body. Independent of the authorization
/// middleware on purpose: no user token is asked for, and endpoint metadata such as <c>AllowAnonymous</c> cannot
/// switch it off. Does nothing when no app token is configured.
/// </summary>
internal sealed class SidecarOnlyMiddleware(RequestDelegate next, IOptionsMonitor<AppApiTokenOptions> options, ILogger<SidecarOnlyMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!options.Get(AppApiTokenHandler.SchemeName).IsConfigured || !SidecarRoutes.IsSidecarOnly(context))
        {
            await next(context);
            return;
        }

        var result = await context.AuthenticateAsync(AppApiTokenHandler.SchemeName);
        if (result.Succeeded)
        {
            await next(context);
            return;
        }

        logger.LogWarning(
            "Refused {Method} {Path} from {RemoteAddress}: a sidecar-only route called without the right app token ({Reason})",
            context.Request.Method,
            context.Request.Path.Value,
            context.Connection.RemoteIpAddress?.ToString(),
            result.Failure?.Message ?? "not authenticated");
        await context.ChallengeAsync(AppApiTokenHandler.SchemeName);
    }
}
