using Growbin.Auth.OAuth;
using Growbin.Auth.Tokens;
using Growbin.Auth.Users;
using Microsoft.Extensions.Options;

namespace Growbin.Auth.Apis;

/// <summary>What the login endpoints need, bound with <c>[AsParameters]</c>.</summary>
public sealed record LoginServices(
    OAuthStateStore States,
    OAuthCredentialStore Credentials,
    OAuthClient Providers,
    RedirectUriPolicy RedirectUris,
    UserAccounts Users,
    TokenService Tokens,
    IHostEnvironment Environment,
    IOptions<OAuthOptions> Options);
