using System.Net;
using System.Net.Http.Json;
using Growbin.Contracts.Pipeline;

namespace Growbin.WasteApi;

/// <summary>
/// The profile region of the person starting a scan, from userinfo by service invocation (<see cref="UserRegions"/>),
/// so the answer gives their region's own rule. Optional by nature: when userinfo is slow, down or knows no region,
/// the scan goes on with the national rule (and the answer says to check the local one) rather than failing.
/// </summary>
public sealed partial class UserRegionLookup(HttpClient userinfo, ILogger<UserRegionLookup> logger)
{
    /// <summary>A scan waits at most this long for the region; the answer is still right without it.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<string?> FindAsync(string userId, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var response = await userinfo.GetAsync(UserRegions.PathOf(userId), timeout.Token);
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
        Message = "The profile region could not be read from userinfo ({Error}); the scan answers with the national rule")]
    private static partial void LogRegionUnavailable(ILogger logger, string error);
}
