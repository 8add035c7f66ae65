using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Growbin.Contracts;
using Growbin.Contracts.Pipeline;
using Growbin.TestSupport.Images;

namespace Growbin.E2E.Tests;

/// <summary>
/// A scan through the running system: waste-api through its sidecar, then scan-pipeline's ScanWorkflow (see
/// <see cref="ScanThroughSidecarTests"/>). Shared by the tests that need a finished scan.
/// </summary>
internal static class Scans
{
    /// <summary>A scan's whole run; generous, since the first scan after start-up also warms every sidecar's workflow engine.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    private static readonly string[] WorkflowApps =
        [AppIds.ScanPipeline, AppIds.ImageUploader, AppIds.VisionAnalyzer, AppIds.RuleRetriever, AppIds.ResponseGenerator];

    /// <summary>
    /// A 1600×1200 JPEG no earlier run has sent: vision-analyzer's AI cache lives in Redis for 30 days, so a photo of an
    /// earlier run would answer from it and cost nothing.
    /// </summary>
    public static byte[] NewPhoto() => TestPhotos.Jpeg(1600, 1200, seed: RandomNumberGenerator.GetInt32(1, int.MaxValue));

    /// <summary>waste-api, scan-pipeline and every worker's workflow stream are up (bounded by the start-up deadline).</summary>
    public static async Task ReadyAsync(HttpClient http, RunningSystem system)
    {
        foreach (var appId in new[] { AppIds.WasteApi, AppIds.ScanPipeline })
        {
            var ready = $"http://127.0.0.1:{system.SidecarPorts[appId]}/v1.0/invoke/{appId}/method/readyz";
            (await Eventually.GetAsync(http, ready)).Should().Be(HttpStatusCode.OK, $"{appId} is ready");
        }

        foreach (var appId in WorkflowApps)
        {
            var (connected, _) = await Eventually.UntilAsync(
                ct => Sidecars.ConnectedWorkersAsync(http, system.SidecarPorts[appId], ct), n => n > 0, Eventually.StartupDeadline);
            connected.Should().BeTrue($"{appId}'s workflow worker is connected to its sidecar");
        }
    }

    /// <summary>
    /// POSTs the photo to waste-api through its sidecar and returns the task id. A 503 means "send the same
    /// Idempotency-Key again" (waste-api), so it is retried with the same key, never as a second scan.
    /// </summary>
    /// <param name="acceptLanguage">The answer's language as the app sends it (Accept-Language), or none.</param>
    public static async Task<string> SubmitAsync(HttpClient http, RunningSystem system, string token, byte[] photo, string? acceptLanguage = null)
    {
        var idempotencyKey = "e2e-" + Guid.NewGuid().ToString("N");
        var (accepted, last) = await Eventually.UntilAsync(async ct =>
        {
            using var form = new MultipartFormDataContent
            {
                { new ByteArrayContent(photo) { Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") } }, "image", "photo.jpg" },
            };
            using var request = new HttpRequestMessage(HttpMethod.Post, WasteApi(system, "/analyze")) { Content = form };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Add("Idempotency-Key", idempotencyKey);
            if (acceptLanguage is not null)
            {
                request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
            }

            using var response = await http.SendAsync(request, ct);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync(ct));
        }, r => r.StatusCode != HttpStatusCode.ServiceUnavailable, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(2));

        accepted.Should().BeTrue($"waste-api accepts the photo (last answer: {last.StatusCode} {last.Body})");
        last.StatusCode.Should().Be(HttpStatusCode.Accepted, last.Body);
        return JsonDocument.Parse(last.Body!).RootElement.GetProperty("taskId").GetString()!;
    }

    /// <summary><c>GET /api/v1/waste/{taskId}</c> as the scan's user.</summary>
    public static async Task<JsonElement> StatusAsync(HttpClient http, RunningSystem system, string token, string taskId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, WasteApi(system, "/" + taskId));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode(); // anything else is "not yet" to the poll, and shows as its last answer
        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }

    /// <summary>Polls <c>GET /api/v1/waste/{taskId}</c> until the scan is completed or failed (bounded).</summary>
    public static async Task<JsonElement> FinishedAsync(HttpClient http, RunningSystem system, string token, string taskId)
    {
        var (finished, last) = await Eventually.UntilAsync(
            ct => StatusAsync(http, system, token, taskId, ct), scan => ScanStatus.IsFinished(Status(scan) ?? ""), Deadline);
        finished.Should().BeTrue($"scan {taskId} finishes within {Deadline} (last seen: {last})");
        return last;
    }

    public static string? Status(JsonElement scan) => scan.GetProperty("status").GetString();

    public static string? Step(JsonElement scan) => scan.TryGetProperty("step", out var step) ? step.GetString() : null;

    public static string? ItemId(JsonElement scan) =>
        scan.GetProperty("result").GetProperty("classification").GetProperty("itemId").GetString();

    public static bool FromCache(JsonElement scan) => scan.GetProperty("result").GetProperty("analysisFromCache").GetBoolean();

    private static string WasteApi(RunningSystem system, string path) =>
        $"http://127.0.0.1:{system.SidecarPorts[AppIds.WasteApi]}/v1.0/invoke/{AppIds.WasteApi}/method/api/v1/waste{path}";
}
