using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapr.Client;
using Growbin.Contracts;

namespace Growbin.ChatLlm.Grounding;

/// <summary>
/// Reads a scan for grounding: <c>GET api/v1/waste/{scanId}</c> on waste-api through Dapr service invocation,
/// carrying the caller's own <c>Authorization</c> header, so waste-api's owner check decides exactly as it does for
/// the app (someone else's scan is a 404 here too) and chat needs no private endpoint or shared state.
/// </summary>
public sealed class ScanLookup(DaprClient dapr, ILogger<ScanLookup> logger)
{
    /// <summary>Chat waits this long for the scan, then answers without it.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Lazy<HttpClient> _wasteApi = new(() => dapr.CreateInvokableHttpClient(AppIds.WasteApi));

    public async Task<ScanLookupResult> FindAsync(string scanId, string authorization, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/waste/{Uri.EscapeDataString(scanId)}");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using var response = await _wasteApi.Value.SendAsync(request, timeout.Token);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return ScanLookupResult.NotFound;
            }

            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("waste-api answered {Status} for scan {ScanId}; answering without it.", (int)response.StatusCode, scanId);
                return ScanLookupResult.Unavailable;
            }

            var scan = await response.Content.ReadFromJsonAsync<ScanView>(Json, timeout.Token);
            return scan is null ? ScanLookupResult.Unavailable : ScanLookupResult.Found(scan);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or OperationCanceledException
                                   && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Scan {ScanId} could not be read from waste-api; answering without it.", scanId);
            return ScanLookupResult.Unavailable;
        }
    }
}
