using System.Security.Claims;
using System.Text.Encodings.Web;
using Growbin.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Growbin.ServiceDefaults.Authentication;

/// <summary>
/// The <c>Bearer</c> scheme of every Growbin API: <see cref="AccessTokenValidator"/> decides, and a refused request
/// gets a 401 ProblemDetails that says why plus an RFC 6750 <c>WWW-Authenticate</c> header.
/// </summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AccessTokenValidator validator,
    IProblemDetailsService problems) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    private const string Prefix = "Bearer ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header[Prefix.Length..].Trim();
        if (token.Length == 0)
        {
            return AuthenticateResult.Fail("The Bearer token is empty.");
        }

        var result = await validator.ValidateAsync(token, Context.RequestAborted);
        if (!result.IsValid)
        {
            return AuthenticateResult.Fail(result.Failure!);
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(result.Token!.Identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure?.Message;
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = failure is null
            ? "Bearer"
            : $"Bearer error=\"invalid_token\", error_description=\"{failure}\"";
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Type = ProblemTypes.Unauthorized,
                Title = "Unauthorized",
                Detail = failure ?? "A Bearer access token is required.",
            },
        });
    }
}
