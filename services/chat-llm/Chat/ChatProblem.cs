using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Growbin.ChatLlm.Chat;

/// <summary>
/// Why a chat turn got no answer. Over HTTP it is the response status (before the first delta) or an <c>error</c>
/// event (after); over the WebSocket it is an <c>error</c> frame. <see cref="Outcome"/> is the
/// <c>growbin_ai_calls_total</c> outcome when a model call was made, else null.
/// </summary>
public sealed record ChatProblem(
    int Status,
    string Type,
    string Title,
    string Detail,
    string? Outcome = null,
    TimeSpan? RetryAfter = null,
    IDictionary<string, string[]>? Errors = null)
{
    /// <summary>Whole seconds for a <c>Retry-After</c> header or the <c>retryAfterSeconds</c> member.</summary>
    public int? RetryAfterSeconds => RetryAfter is { } wait ? (int)Math.Max(1, Math.Ceiling(wait.TotalSeconds)) : null;

    public ProblemDetails ToProblemDetails()
    {
        var problem = Errors is null ? new ProblemDetails() : new HttpValidationProblemDetails(Errors);
        problem.Status = Status;
        problem.Type = Type;
        problem.Title = Title;
        problem.Detail = Detail;
        if (RetryAfterSeconds is { } seconds)
        {
            problem.Extensions["retryAfterSeconds"] = seconds;
        }

        return problem;
    }

    /// <summary>The HTTP answer, with <c>Retry-After</c> when there is a time to wait.</summary>
    public IResult ToResult(HttpContext context)
    {
        if (RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return Errors is null
            ? TypedResults.Problem(ToProblemDetails())
            : TypedResults.ValidationProblem(Errors, Detail, type: Type, title: Title);
    }
}
