using Growbin.ServiceDefaults.Data;
using Growbin.UserInfo.Accounts;
using Growbin.UserInfo.Data;
using Growbin.UserInfo.Events;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Growbin.UserInfo;

/// <summary>userinfo's own registrations, kept out of Program.cs.</summary>
public static class Extensions
{
    public static IHostApplicationBuilder AddUserInfoServices(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<UserStore>();
        builder.Services.AddSingleton<ScanHistoryStore>();
        builder.Services.AddSingleton<ScanCompletedHandler>();
        builder.Services.AddSingleton<UserDeletedPublisher>();
        builder.Services.AddSingleton<AccountDeletion>();
        builder.Services.AddExceptionHandler<DatabaseUnavailableHandler>();
        return builder;
    }
}
