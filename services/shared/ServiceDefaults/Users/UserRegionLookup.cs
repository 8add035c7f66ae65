using System.Net;
using System.Net.Http.Json;
using Dapr.Client;
using Growbin.Contracts;
using Growbin.Contracts.Pipeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Growbin.ServiceDefaults.Users;

/// <summary>
/// A person's profile region, from userinfo by service invocation (<see cref="UserRegions"/>), so a scan's or a
/// chat's answer gives their region's own rule. Optional by nature: when userinfo is slow, down or knows no region,
/// the answer goes on with the national rule (and says to check the local one) rather than failing.
/// </summary>
public sealed partial class UserRegionLookup(DaprClient dapr, ILogger<UserRegionLookup> logger)
{
    private readonly Lazy<HttpClient> _userinfo = new(() => dapr.CreateInvokableHttpClient(AppIds.UserInfo));

    /// <summary>An answer waits at most this long for the region; it is still right without it.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<string?> FindAsync(string userId, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var response = await _userinfo.Value.GetAsync(UserRegions.PathOf(userId), timeout.Token);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<UserRegion>(timeout.Token))?.Region;
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException
                                  || e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogRegionUnavailable(logger, e.GetType().Name);
            return null;
        }
    }

    [LoggerMessage(EventId = 1, EventName = "ProfileRegionUnavailable", Level = LogLevel.Warning,
        Message = "The profile region could not be read from userinfo ({Error}); the answer gives the national rule")]
    private static partial void LogRegionUnavailable(ILogger logger, string error);
}

public static class UserRegionLookupExtensions
{
    public static IServiceCollection AddUserRegionLookup(this IServiceCollection services) => services.AddSingleton<UserRegionLookup>();
}
