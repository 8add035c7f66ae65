using Growbin.Auth.OAuth;
using Growbin.Auth.RateLimiting;
using Growbin.Auth.Requests;
using Growbin.Auth.Responses;
using Growbin.Auth.Users;
using Growbin.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;

namespace Growbin.Auth.Apis;

/// <summary>
/// OAuth login (ARCHITECTURE §2, §7): authorize hands out a single-use state bound to provider and redirect URI, and a
/// state secret the client keeps (the state alone, as seen in a redirect URL, cannot complete a login); for kakao and
/// google it also sends a PKCE challenge (RFC 7636, S256) whose verifier auth keeps with the state. Login trades the
/// provider's code (with that verifier) for the provider profile, creates or finds the user, and issues the first
/// token pair. Both are anonymous, never cached, and limited per client address.
/// </summary>
public static class LoginApi
{
    public static readonly string UnknownProvider = ProblemTypes.For("unknown-provider");
    public static readonly string InvalidOAuthState = ProblemTypes.For("invalid-oauth-state");
    public static readonly string InvalidOAuthCode = ProblemTypes.For("invalid-oauth-code");
    public static readonly string OAuthProviderError = ProblemTypes.For("oauth-provider-error");

    public const int MaxProviderLength = 32;
    public const int MaxCodeLength = 2048;
    public const int MaxStateLength = 128;

    private const string RedirectUriRule = "Required: one of the redirect URIs registered with Growbin, exactly.";
    private static readonly string StateSecretRule =
        $"Required for every provider but dev: the stateSecret authorize returned with this state, at most {MaxStateLength} characters.";

    public static IEndpointRouteBuilder MapLoginApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(AuthApi.Prefix).WithTags("auth").AllowAnonymous()
            .RequireRateLimiting(LoginRateLimit.PolicyName);

        group.MapGet("/{provider}/authorize", Authorize)
            .WithName("Authorize")
            .WithSummary("The provider's consent URL for a login that returns to redirectUri, with a single-use state (10 min) and the stateSecret login needs with it.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesValidationProblem();

        group.MapPost("/login", Login)
            .WithName("Login")
            .WithSummary("Trades the provider's code, the state and its stateSecret from authorize for a token pair; creates the user on first login.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesValidationProblem();

        return routes;
    }

    private static async Task<Results<Ok<AuthorizeResponse>, ProblemHttpResult, ValidationProblem>> Authorize(
        string provider, string? redirectUri, [AsParameters] LoginServices services, HttpContext context,
        CancellationToken cancellationToken)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (OAuthProviders.Find(provider, services.Environment.IsDevelopment()) is not { } found)
        {
            return NotFound(provider);
        }

        if (!services.RedirectUris.IsAllowed(redirectUri))
        {
            return Invalid(new() { ["redirectUri"] = [RedirectUriRule] });
        }

        // Credentials first: a provider that is not configured fails before a state is stored for nothing.
        var clientId = found.IsDev ? null : (await services.Credentials.GetAsync(found, cancellationToken)).ClientId;
        var issued = await services.States.CreateAsync(found, redirectUri!, cancellationToken);
        string url;
        if (found.IsDev)
        {
            // No provider to visit: straight back to the app, which sends the nickname to log in as as `code`.
            url = QueryHelpers.AddQueryString(redirectUri!, "state", issued.State);
        }
        else
        {
            var query = new Dictionary<string, string?>
            {
                ["response_type"] = "code",
                ["client_id"] = clientId,
                ["redirect_uri"] = redirectUri,
                ["state"] = issued.State,
            };
            if (found.Scope is not null)
            {
                query["scope"] = found.Scope;
            }

            if (issued.CodeChallenge is not null)
            {
                query["code_challenge"] = issued.CodeChallenge;
                query["code_challenge_method"] = Pkce.Method;
            }

            url = QueryHelpers.AddQueryString(found.AuthorizeUrl, query);
        }

        return TypedResults.Ok(new AuthorizeResponse(found.Name, url, issued.State,
            (int)services.Options.Value.StateLifetime.TotalSeconds, issued.Secret));
    }

    private static async Task<Results<Ok<LoginResponse>, ProblemHttpResult, ValidationProblem>> Login(
        LoginRequest request, [AsParameters] LoginServices services, HttpContext context, CancellationToken cancellationToken)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (Validate(request, services.RedirectUris) is { } invalid)
        {
            return invalid;
        }

        if (OAuthProviders.Find(request.Provider, services.Environment.IsDevelopment()) is not { } provider)
        {
            return NotFound(request.Provider!);
        }

        // The dev provider's code is the nickname; checked before the state is spent on a login that cannot succeed.
        var devNickname = provider.IsDev ? ProfileSanitizer.ExactNickname(request.Code) : null;
        if (provider.IsDev && devNickname is null)
        {
            return Invalid(new() { ["code"] = ["For the dev provider: the nickname to log in as, 2–20 characters without control characters or surrounding spaces."] });
        }

        // Checked before the state is touched: a login without the secret cannot succeed and must not spend it.
        if (!provider.IsDev && string.IsNullOrEmpty(request.StateSecret))
        {
            return Invalid(new() { ["stateSecret"] = [StateSecretRule] });
        }

        var claim = await services.States.ConsumeAsync(request.State!, request.StateSecret, cancellationToken);
        if (claim.WrongSecret)
        {
            return TypedResults.Problem(
                "The stateSecret is not the one authorize returned with this state. Only the client that called authorize can use the state.",
                statusCode: StatusCodes.Status400BadRequest, title: "Invalid OAuth state", type: InvalidOAuthState);
        }

        var state = claim.Record;
        // A record without a secret hash (written before states had one) is refused for a real provider.
        if (state is null || state.Provider != provider.Name || !string.Equals(state.RedirectUri, request.RedirectUri, StringComparison.Ordinal)
            || (!provider.IsDev && state.SecretHash is null))
        {
            return TypedResults.Problem(
                "The state is unknown, expired, already used, or was issued for another provider or redirect URI. Start again at authorize.",
                statusCode: StatusCodes.Status400BadRequest, title: "Invalid OAuth state", type: InvalidOAuthState);
        }

        OAuthProfile profile;
        if (devNickname is not null)
        {
            profile = new OAuthProfile(devNickname, null, devNickname, null);
        }
        else
        {
            try
            {
                profile = await services.Providers.GetProfileAsync(provider, request.Code!, request.RedirectUri!, request.State!,
                    provider.UsesPkce ? state.CodeVerifier : null, cancellationToken);
            }
            catch (OAuthProviderException ex)
            {
                return ex.CodeRejected
                    ? TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status400BadRequest,
                        title: "Invalid authorization code", type: InvalidOAuthCode)
                    : TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status502BadGateway,
                        title: "The login provider failed", type: OAuthProviderError);
            }
        }

        var account = await services.Users.UpsertAsync(provider.Name, profile, cancellationToken);
        var pair = await services.Tokens.IssueAsync(account.UserId, cancellationToken);
        return TypedResults.Ok(new LoginResponse(pair.AccessToken, pair.RefreshToken, pair.TokenType, pair.ExpiresIn,
            account.UserId, account.Created));
    }

    private static ValidationProblem? Validate(LoginRequest request, RedirectUriPolicy redirectUris)
    {
        var errors = new Dictionary<string, string[]>();
        Require(errors, "provider", request.Provider, MaxProviderLength);
        Require(errors, "code", request.Code, MaxCodeLength);
        Require(errors, "state", request.State, MaxStateLength);
        if (request.StateSecret is { Length: > MaxStateLength })
        {
            errors["stateSecret"] = [StateSecretRule];
        }

        if (!redirectUris.IsAllowed(request.RedirectUri))
        {
            errors["redirectUri"] = [RedirectUriRule];
        }

        return errors.Count == 0 ? null : Invalid(errors);
    }

    private static void Require(Dictionary<string, string[]> errors, string field, string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > maxLength)
        {
            errors[field] = [$"Required, at most {maxLength} characters."];
        }
    }

    private static ValidationProblem Invalid(Dictionary<string, string[]> errors) => TypedResults.ValidationProblem(errors);

    private static ProblemHttpResult NotFound(string provider) =>
        TypedResults.Problem($"There is no login provider '{provider}'.", statusCode: StatusCodes.Status404NotFound,
            title: "Unknown provider", type: UnknownProvider);
}
