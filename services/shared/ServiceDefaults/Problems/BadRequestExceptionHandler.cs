using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Growbin.ServiceDefaults.Problems;

/// <summary>
/// A request the framework could not bind (malformed JSON, a missing required field, "abc" for a number) becomes a
/// 400 ProblemDetails that says what was wrong, instead of an empty 400. Minimal APIs throw
/// <see cref="BadHttpRequestException"/> for these because ServiceDefaults sets <c>ThrowOnBadRequest</c>; handling it
/// here also keeps client mistakes out of the error log.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        httpContext.Response.StatusCode = badRequest.StatusCode;
        var detail = badRequest.InnerException is JsonException json ? $"{badRequest.Message} {json.Message}" : badRequest.Message;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = badRequest.StatusCode, Title = "The request could not be read", Detail = detail },
        });
    }
}
