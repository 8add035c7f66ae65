using Growbin.Auth.Keys;
using Growbin.Auth.OAuth;
using Growbin.Auth.RateLimiting;
using Growbin.Auth.Tokens;
using Growbin.Auth.Users;
using Microsoft.AspNetCore.RateLimiting;
using Growbin.ServiceDefaults.State;
using Microsoft.Extensions.Options;
using Growbin.ServiceDefaults.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Growbin.Auth;

/// <summary>auth's own registrations, kept out of Program.cs.</summary>
public static class Extensions
{
    public static IHostApplicationBuilder AddAuthServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName);
        builder.Services.AddSingleton<SigningKeyStore>();
        builder.Services.AddHostedService<SigningKeyStartupCheck>();
        builder.Services.Replace(ServiceDescriptor.Singleton<ISigningKeySource, OwnSigningKeySource>());
        builder.Services.AddSingleton<TokenService>();
        builder.Services.AddUserKeyIndex(TokenService.UserFamiliesIndex,
            sp => sp.GetRequiredService<IOptions<AuthOptions>>().Value.RefreshTokenLifetime, TokenService.MaxFamiliesPerUser);

        builder.Services.AddOptions<OAuthOptions>().BindConfiguration(OAuthOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<OAuthOptions>, OAuthOptionsValidation>();
        builder.Services.AddSingleton<RedirectUriPolicy>();
        builder.Services.AddSingleton<OAuthStateStore>();
        builder.Services.AddSingleton<OAuthCredentialStore>();
        builder.Services.AddSingleton<OAuthClient>();
        builder.Services.AddSingleton<UserAccounts>();
        // A login whose statements the database could not run is a 503, as in the other apps on growbin-db.
        builder.Services.AddExceptionHandler<Growbin.ServiceDefaults.Data.DatabaseUnavailableHandler>();
        builder.Services.AddOptions<LoginRateLimitOptions>().BindConfiguration(LoginRateLimitOptions.SectionName);
        builder.Services.Configure<RateLimiterOptions>(LoginRateLimit.AddPolicy);
        builder.Services.AddOptions<RefreshRateLimitOptions>().BindConfiguration(RefreshRateLimitOptions.SectionName);
        builder.Services.Configure<RateLimiterOptions>(RefreshRateLimit.AddPolicy);
        builder.Services.AddSingleton<FamilyRateLimiter>();
        return builder;
    }
}
