using System.Globalization;
using System.Security.Claims;
using Growbin.ServiceDefaults.Problems;
using Growbin.ServiceDefaults.RateLimiting;
using Growbin.UserInfo.Data;
using Growbin.UserInfo.History;
using Growbin.UserInfo.Responses;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Growbin.UserInfo.Apis;

/// <summary>A user's scan history, newest first, a page at a time (ARCHITECTURE §2). Only the user sees it.</summary>
public static class HistoryApi
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 50;

    public static IEndpointRouteBuilder MapHistoryApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup(UsersApi.Prefix)
            .WithTags("users")
            .RequireAuthorization()
            .RequireRateLimiting(RateLimitPolicies.PerUser)
            .MapGet("/{id}/history", GetHistoryAsync)
            .WithName("GetScanHistory")
            .WithSummary($"Completed scans, newest first; `limit` 1–{MaxLimit} (default {DefaultLimit}), `cursor` from the previous page's nextCursor. Self only.")
            .Produces<HistoryPageResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        return routes;
    }

    private static async Task<Results<Ok<HistoryPageResponse>, ValidationProblem, ProblemHttpResult>> GetHistoryAsync(
        string id,
        string? cursor,
        string? limit,
        ClaimsPrincipal user,
        ScanHistoryStore history,
        CancellationToken cancellationToken)
    {
        if (!CurrentUser.TryGetId(user, out var userId))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                type: UsersApi.UserNotFound,
                title: "User not found",
                detail: "There is no account for this token.");
        }

        // The issue asks for 403 (not 404) for someone else's id: ids are not secret, their history is.
        if (!Guid.TryParse(id, out var requested) || requested != userId)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                type: ProblemTypes.Forbidden,
                title: "Not your history",
                detail: "Scan history can only be read by its own user.");
        }

        var errors = new Dictionary<string, string[]>();
        var pageSize = DefaultLimit;
        // An empty parameter (?cursor=&limit=) is the same as none: the first page, the default size.
        if (!string.IsNullOrEmpty(limit)
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxLimit))
        {
            errors["limit"] = [$"limit must be a whole number from 1 to {MaxLimit}."];
        }

        HistoryCursor? after = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            if (HistoryCursor.TryParse(cursor, out var parsed))
            {
                after = parsed;
            }
            else
            {
                errors["cursor"] = ["cursor is not one this API issued; pass nextCursor from the previous page unchanged."];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return TypedResults.Ok(await history.PageAsync(userId, after, pageSize, cancellationToken));
    }
}
