using Growbin.Auth.Keys;
using Growbin.Auth.RateLimiting;
using Growbin.Auth.Requests;
using Growbin.Auth.Responses;
using Growbin.Auth.Tokens;
using Growbin.ServiceDefaults.Authentication;
using Growbin.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.IdentityModel.Tokens;

namespace Growbin.Auth.Apis;

/// <summary>Token endpoints (ARCHITECTURE §2, §7). Anonymous at the pipeline level: each handler checks its own token.</summary>
public static class AuthApi
{
    public const string Prefix = "/api/v1/auth";

    /// <summary>Validators refresh on an unknown kid anyway; this only spares the common case a round trip.</summary>
    public static readonly TimeSpan JwksMaxAge = TimeSpan.FromMinutes(5);

    public static readonly string InvalidRefreshToken = ProblemTypes.For("invalid-refresh-token");
    public static readonly string InvalidAccessToken = ProblemTypes.For("invalid-access-token");

    private const int MaxRefreshTokenLength = 128;

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Prefix).WithTags("auth").AllowAnonymous();

        group.MapGet("/.well-known/jwks.json", GetJwks)
            .WithName("GetJwks")
            .WithSummary("The public keys access tokens are signed with (ES256), including keys being rotated out.")
            .Produces<JwksResponse>(contentType: "application/json");

        group.MapPost("/refresh", Refresh)
            .WithName("Refresh")
            .WithSummary("Trades a refresh token for a new token pair; a reused token revokes its whole family.")
            .RequireRateLimiting(RefreshRateLimit.PolicyName)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesValidationProblem();

        group.MapPost("/logout", Logout)
            .WithName("Logout")
            .WithSummary("Revokes the refresh token's family and denylists the access token until it expires.")
            .RequireRateLimiting(RefreshRateLimit.PolicyName)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesValidationProblem();

        group.MapPost("/verify", Verify)
            .WithName("Verify")
            .WithSummary("For the Ingress and other callers: the user id of a valid, not denylisted access token.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);

        return routes;
    }

    private static async Task<Ok<JwksResponse>> GetJwks(SigningKeyStore keys, HttpContext context, CancellationToken cancellationToken)
    {
        var set = await keys.GetAsync(cancellationToken);
        var jwks = set.All.Select(key =>
        {
            var p = key.ECDsa.ExportParameters(includePrivateParameters: false);
            return new JwkResponse("EC", "P-256", Base64UrlEncoder.Encode(p.Q.X), Base64UrlEncoder.Encode(p.Q.Y),
                key.KeyId, "sig", SecurityAlgorithms.EcdsaSha256);
        }).ToList();
        context.Response.Headers.CacheControl = $"public, max-age={(int)JwksMaxAge.TotalSeconds}";
        return TypedResults.Ok(new JwksResponse(jwks));
    }

    private static async Task<Results<Ok<TokenPair>, ProblemHttpResult, ValidationProblem>> Refresh(
        RefreshRequest request, TokenService tokens, HttpContext context, CancellationToken cancellationToken)
    {
        if (Invalid(request) is { } invalid)
        {
            return invalid;
        }

        context.Response.Headers.CacheControl = "no-store";
        var result = await tokens.RefreshAsync(request.RefreshToken, cancellationToken);
        if (result.RetryAfter is { } retryAfter)
        {
            return TooManyRequests(context, retryAfter);
        }

        return result.Pair is null
            ? Unauthorized(InvalidRefreshToken, "The refresh token is unknown, expired, revoked or was already used.")
            : TypedResults.Ok(result.Pair);
    }

    private static async Task<Results<NoContent, ProblemHttpResult, ValidationProblem>> Logout(
        RefreshRequest request, TokenService tokens, HttpContext context, CancellationToken cancellationToken)
    {
        if (Invalid(request) is { } invalid)
        {
            return invalid;
        }

        var token = await VerifyBearerAsync(tokens, context, cancellationToken);
        if (token is null)
        {
            return Unauthorized(InvalidAccessToken, "A valid Bearer access token is required.");
        }

        if (await tokens.RevokeFamilyOfAsync(request.RefreshToken, token.UserId, cancellationToken) is { } retryAfter)
        {
            return TooManyRequests(context, retryAfter);
        }

        await tokens.DenyAsync(token, BearerTokenOf(context)!, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<VerifyResponse>, ProblemHttpResult>> Verify(
        TokenService tokens, HttpContext context, CancellationToken cancellationToken)
    {
        var token = await VerifyBearerAsync(tokens, context, cancellationToken);
        return token is null
            ? Unauthorized(InvalidAccessToken, "The access token is missing, invalid, expired or revoked.")
            : TypedResults.Ok(new VerifyResponse(token.UserId));
    }

    private static ValidationProblem? Invalid(RefreshRequest request) =>
        string.IsNullOrWhiteSpace(request.RefreshToken) || request.RefreshToken.Length > MaxRefreshTokenLength
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["refreshToken"] = [$"Required, at most {MaxRefreshTokenLength} characters."],
            })
            : null;

    private static async Task<AccessToken?> VerifyBearerAsync(TokenService tokens, HttpContext context, CancellationToken cancellationToken) =>
        BearerTokenOf(context) is { } token ? await tokens.VerifyAsync(token, cancellationToken) : null;

    private static string? BearerTokenOf(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && header.Length > scheme.Length
            ? header[scheme.Length..].Trim()
            : null;
    }

    // The family's limit, as ServiceDefaults' rejection handler answers the per-address one.
    private static ProblemHttpResult TooManyRequests(HttpContext context, TimeSpan retryAfter)
    {
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            .ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem("Slow down and retry after the time given in Retry-After.",
            statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests", type: ProblemTypes.RateLimited);
    }

    private static ProblemHttpResult Unauthorized(string type, string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", type: type);
}
