using Growbin.Location.Data;
using Growbin.Location.Kakao;
using Growbin.Location.Search;
using Growbin.ServiceDefaults.Data;
using Growbin.ServiceDefaults.Quotas;

namespace Growbin.Location;

/// <summary>location's own registrations, kept out of Program.cs.</summary>
public static class Extensions
{
    public static IHostApplicationBuilder AddLocationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<KakaoOptions>(builder.Configuration.GetSection(KakaoOptions.Section));
        builder.Services.AddSingleton<PointStore>();
        builder.Services.AddSingleton<KakaoLocalClient>();
        builder.Services.AddSingleton<KakaoSearchCache>();
        builder.Services.AddSingleton<KakaoKeywordSearch>();
        builder.Services.AddSingleton<LocationSearch>();
        builder.Services.AddDailyQuota(LocationSearch.QuotaName, LocationSearch.DefaultDailySearches);
        builder.Services.AddExceptionHandler<DatabaseUnavailableHandler>();
        return builder;
    }
}
