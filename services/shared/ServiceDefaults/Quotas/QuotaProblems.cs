using System.Globalization;
using Growbin.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Growbin.ServiceDefaults.Quotas;

/// <summary>The answers of a request a <see cref="DailyQuota"/> turned away.</summary>
public static class QuotaProblems
{
    /// <summary>
    /// 429 with <c>Retry-After</c> (seconds to the next UTC day) and the same number, the limit and the day in the body.
    /// </summary>
    public static ProblemHttpResult Exceeded(HttpContext context, QuotaDecision decision, string type, string title, string detail)
    {
        context.Response.Headers.RetryAfter = decision.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            type: type,
            title: title,
            detail: detail,
            extensions: new Dictionary<string, object?>
            {
                ["limit"] = decision.Limit,
                ["retryAfterSeconds"] = decision.RetryAfterSeconds,
            });
    }

    /// <summary>503 <c>problems/dependency-unavailable</c>, <c>Retry-After: 1</c>: the count kept changing under many requests at once.</summary>
    public static ProblemHttpResult Busy(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "1";
        return TypedResults.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            type: ProblemTypes.DependencyUnavailable,
            title: "Too many requests at once",
            detail: "Your daily quota could not be counted because many of your requests arrived together; send this one again.");
    }
}
