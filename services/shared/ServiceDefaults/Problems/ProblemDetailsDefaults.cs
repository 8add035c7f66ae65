using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Growbin.ServiceDefaults.Problems;

/// <summary>Gives every ProblemDetails a Growbin <c>type</c> and a <c>traceId</c> to quote in a bug report.</summary>
internal static class ProblemDetailsDefaults
{
    private const string AspNetDefaultTypePrefix = "https://tools.ietf.org/html/rfc";

    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;

        if (problem.Type is null || problem.Type.StartsWith(AspNetDefaultTypePrefix, StringComparison.Ordinal))
        {
            problem.Type = problem is HttpValidationProblemDetails ? ProblemTypes.Validation : ProblemTypes.ForStatus(status) ?? problem.Type;
        }

        problem.Instance ??= context.HttpContext.Request.Path;
        problem.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
    }
}
