using Growbin.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Growbin.ServiceDefaults.Data;

/// <summary>
/// A statement that failed without an answer from PostgreSQL (no SQLSTATE: sidecar, binding or server unreachable)
/// is a 503 the client may retry, not a 500 bug report. Refusals with a SQLSTATE stay 500s: they are bugs here.
/// Apps on the growbin-db binding register it with <c>AddExceptionHandler&lt;DatabaseUnavailableHandler&gt;()</c>.
/// </summary>
public sealed class DatabaseUnavailableHandler(IProblemDetailsService problems, ILogger<DatabaseUnavailableHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not PostgresBindingException { SqlState: null })
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
