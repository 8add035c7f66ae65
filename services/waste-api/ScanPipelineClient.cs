using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Growbin.Contracts.Pipeline;

namespace Growbin.WasteApi;

/// <summary>
/// scan-pipeline's <see cref="ScanWorkflowApi"/> by Dapr service invocation (config <c>Workflows:HostAppId</c>; in
/// Kubernetes <c>scan-pipeline.workers</c>, since the workflow lives in another namespace). Every failure — sidecar,
/// network, host, a 404 that is not the host's own "no such scan" (a wrong app id) — is an
/// <see cref="HttpRequestException"/>, which the analyze handler turns into a 503 "send the same Idempotency-Key again".
/// </summary>
public sealed class ScanPipelineClient(HttpClient host)
{
    /// <summary>Starts the scan; false when that task id had already been started (nothing changed).</summary>
    public async Task<bool> StartAsync(ScanRequest request, CancellationToken cancellationToken)
    {
        using var response = await host.PostAsJsonAsync(ScanWorkflowApi.PathOf(request.TaskId), request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return response.StatusCode == HttpStatusCode.Created;
    }

    /// <summary>The scan, or null when scan-pipeline knows no such task id.</summary>
    public async Task<ScanState?> ReadAsync(string taskId, CancellationToken cancellationToken)
    {
        using var response = await host.GetAsync(ScanWorkflowApi.PathOf(taskId), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound && await IsUnknownScanAsync(response, cancellationToken))
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<ScanState>(cancellationToken)
            ?? throw new HttpRequestException($"scan-pipeline answered no state for '{taskId}'.");
    }

    private static async Task<bool> IsUnknownScanAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            return body.RootElement.ValueKind == JsonValueKind.Object
                && body.RootElement.TryGetProperty("type", out var type)
                && type.ValueKind == JsonValueKind.String
                && type.GetString() == ScanWorkflowApi.ScanNotFoundType;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
