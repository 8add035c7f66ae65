using Growbin.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Growbin.ServiceDefaults.Limits;

/// <summary>
/// The request-timeout policies from <see cref="RequestLimitsOptions"/>. A request past its time gets its
/// <c>RequestAborted</c> cancelled; if nothing was sent yet the answer is a 504 ProblemDetails
/// (<c>problems/request-timeout</c>).
/// </summary>
internal sealed class ConfigureRequestTimeouts(IOptions<RequestLimitsOptions> limits) : IConfigureOptions<RequestTimeoutOptions>
{
    public static readonly string RequestTimeoutType = ProblemTypes.For("request-timeout");

    public void Configure(RequestTimeoutOptions options)
    {
        var value = limits.Value;
        options.DefaultPolicy = Policy(value.RequestTimeout);
        options.AddPolicy(RequestTimeoutPolicies.Upload, Policy(value.UploadTimeout));
        options.AddPolicy(RequestTimeoutPolicies.Streaming, Policy(value.StreamingTimeout));
    }

    private static RequestTimeoutPolicy Policy(TimeSpan timeout) => new()
    {
        Timeout = timeout,
        TimeoutStatusCode = StatusCodes.Status504GatewayTimeout,
        WriteTimeoutResponse = WriteTimeoutAsync,
    };

    private static async Task WriteTimeoutAsync(HttpContext context)
    {
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status504GatewayTimeout,
                Type = RequestTimeoutType,
                Title = "The request took too long",
                Detail = "The request was not finished in time and was stopped; nothing more is done for it.",
            },
        });
    }
}
