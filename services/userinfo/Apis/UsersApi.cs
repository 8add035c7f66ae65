using System.Security.Claims;
using Growbin.ServiceDefaults.Problems;
using Growbin.ServiceDefaults.RateLimiting;
using Growbin.UserInfo.Accounts;
using Growbin.UserInfo.Data;
using Growbin.UserInfo.Profiles;
using Growbin.UserInfo.Requests;
using Growbin.UserInfo.Responses;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Growbin.UserInfo.Apis;

/// <summary>The signed-in user's own profile (ARCHITECTURE §2): read, replace, delete the account.</summary>
public static class UsersApi
{
    public const string Prefix = "/api/v1/users";

    public static readonly string UserNotFound = ProblemTypes.For("user-not-found");

    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Prefix)
            .WithTags("users")
            .RequireAuthorization()
            .RequireRateLimiting(RateLimitPolicies.PerUser);

        group.MapGet("/me", GetMeAsync)
            .WithName("GetMyProfile")
            .WithSummary("The signed-in user's profile.")
            .Produces<UserProfileResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPut("/me", ReplaceMeAsync)
            .WithName("ReplaceMyProfile")
            .WithSummary("Replaces the whole profile: nickname is required; profileImageUrl and region left out or null are cleared.")
            .Accepts<UpdateProfileRequest>("application/json")
            .Produces<UserProfileResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapDelete("/me", DeleteMeAsync)
            .WithName("DeleteMyAccount")
            .WithSummary("Deletes the account with its linked logins and scan history, refuses its tokens, then announces user-deleted.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);

        return routes;
    }

    private static async Task<Results<Ok<UserProfileResponse>, ProblemHttpResult>> GetMeAsync(
        ClaimsPrincipal user, UserStore users, CancellationToken cancellationToken)
    {
        var profile = CurrentUser.TryGetId(user, out var userId) ? await users.GetAsync(userId, cancellationToken) : null;
        return profile is null ? NotFound() : TypedResults.Ok(profile);
    }

    private static async Task<Results<Ok<UserProfileResponse>, ValidationProblem, ProblemHttpResult>> ReplaceMeAsync(
        UpdateProfileRequest request, ClaimsPrincipal user, UserStore users, CancellationToken cancellationToken)
    {
        if (!CurrentUser.TryGetId(user, out var userId))
        {
            return NotFound();
        }

        if (ProfileRules.Validate(request, out var errors) is not { } update)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var profile = await users.ReplaceAsync(userId, update, cancellationToken);
        return profile is null ? NotFound() : TypedResults.Ok(profile);
    }

    /// <summary>
    /// The account goes with its row (<see cref="AccountDeletion"/>); what the other apps keep is purged on
    /// <c>user-deleted</c>. The answer stays 204 whatever happens after the row is gone, because a repeat would only be
    /// a 404 (see README, "Deleting an account").
    /// </summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteMeAsync(
        ClaimsPrincipal user, AccountDeletion accounts, CancellationToken cancellationToken) =>
        CurrentUser.TryGetId(user, out var userId) && await accounts.DeleteAsync(userId, cancellationToken)
            ? TypedResults.NoContent()
            : NotFound();

    private static ProblemHttpResult NotFound() => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        type: UserNotFound,
        title: "User not found",
        detail: "There is no account for this token; it may have been deleted.");
}
