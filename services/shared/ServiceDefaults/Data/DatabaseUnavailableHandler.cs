using Growbin.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Growbin.ServiceDefaults.Data;

/// <summary>
/// A statement the database could not run now is a 503 the client may retry, not a 500 bug report: no answer at all
/// (no SQLSTATE: sidecar, binding or server unreachable, or a read that failed while it ran, which the binding's
/// <c>query</c> does not report), or a SQLSTATE that says "not now" (<see cref="PostgresBindingException.IsUnavailable"/>:
/// connection, resources, timeout, shutdown, serialization). Other refusals stay 500s: they are bugs here. Apps on the
/// growbin-db binding register it with <c>AddExceptionHandler&lt;DatabaseUnavailableHandler&gt;()</c>.
/// </summary>
public sealed class DatabaseUnavailableHandler(IProblemDetailsService problems, ILogger<DatabaseUnavailableHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not PostgresBindingException { IsUnavailable: true })
        {
            return false;
        }

        logger.LogWarning(exception, "The database did not answer");
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Type = ProblemTypes.DependencyUnavailable,
                Title = "The database is unavailable",
                Detail = "Try again in a moment.",
            },
        });
    }
}
