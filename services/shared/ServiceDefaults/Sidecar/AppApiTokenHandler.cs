using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Growbin.ServiceDefaults.Problems;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Growbin.ServiceDefaults.Sidecar;

/// <summary>
/// The <c>DaprAppToken</c> scheme: the caller is this app's own sidecar when its <c>dapr-api-token</c> header equals
/// <see cref="AppApiTokenOptions.Token"/>. Compared in constant time over SHA-256 digests, so neither the token's
/// content nor its length can be learnt from response times. Never the default scheme: user routes keep Bearer.
/// </summary>
/// <remarks>
/// Dapr.AspNetCore 1.19 has a scheme for the same header (<c>AddAuthentication().AddDapr()</c>), but it compares with
/// ordinary string equality and, with its <c>Dapr</c> policy, refuses every call when no token is configured; Growbin
/// needs a constant-time comparison and open routes for local <c>dapr run</c>.
/// </remarks>
public sealed class AppApiTokenHandler(
    IOptionsMonitor<AppApiTokenOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IProblemDetailsService problems) : AuthenticationHandler<AppApiTokenOptions>(options, logger, encoder)
{
    public const string SchemeName = "DaprAppToken";

    /// <summary>The header daprd puts on every request it sends to its app.</summary>
    public const string HeaderName = "dapr-api-token";

    public const string SidecarName = "dapr-sidecar";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Options.IsConfigured)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var presented = Request.Headers[HeaderName].ToString();
        if (presented.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.Fail($"No {HeaderName} header."));
        }

        if (!TokensMatch(presented, Options.Token!))
        {
            return Task.FromResult(AuthenticateResult.Fail($"The {HeaderName} header does not match."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, SidecarName)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = SchemeName;
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Type = ProblemTypes.Unauthorized,
                Title = "Unauthorized",
                Detail = "Only this app's Dapr sidecar may call this route.",
            },
        });
    }

    public static bool TokensMatch(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
