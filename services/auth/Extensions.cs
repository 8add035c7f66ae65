using Growbin.Auth.Keys;
using Growbin.Auth.Tokens;
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
        builder.Services.Replace(ServiceDescriptor.Singleton<ISigningKeySource, OwnSigningKeySource>());
        builder.Services.AddSingleton<TokenService>();
        return builder;
    }
}
