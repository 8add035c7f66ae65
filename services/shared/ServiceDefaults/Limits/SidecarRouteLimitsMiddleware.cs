using Growbin.ServiceDefaults.Sidecar;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Extensions.Options;

namespace Growbin.ServiceDefaults.Limits;

/// <summary>
/// Sidecar-only routes (<see cref="SidecarRoutes.IsSidecarOnly"/>) get the sidecar's body limit instead of the small
/// public one, and no request timeout of ours. Runs after routing and the timeout middleware, before anything reads
/// the body (the CloudEvents middleware does). An endpoint's own <see cref="IRequestSizeLimitMetadata"/> wins.
/// </summary>
internal sealed class SidecarRouteLimitsMiddleware(RequestDelegate next, IOptions<RequestLimitsOptions> limits)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (SidecarRoutes.IsSidecarOnly(context))
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is null
                && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } body)
            {
                body.MaxRequestBodySize = limits.Value.SidecarMaxRequestBodyBytes;
            }

            context.Features.Get<IHttpRequestTimeoutFeature>()?.DisableTimeout();
        }

        return next(context);
    }
}
