using System.Globalization;
using System.Net.Http.Json;
using Dapr.Client;
using Growbin.Contracts;
using Growbin.Contracts.Pipeline;
using Microsoft.Extensions.Options;

namespace Growbin.TaskScheduler.Jobs;

/// <summary>
/// Every tick: asks scan-pipeline (service invocation) which scans are in flight and since when; each one older than
/// <see cref="SchedulerOptions.StuckAfter"/> is logged as a warning, and their count is <c>growbin_scan_pipelines_stuck</c>.
/// </summary>
public sealed class StuckPipelineCheck(
    DaprClient dapr,
    SchedulerMetrics metrics,
    IOptions<SchedulerOptions> options,
    ILogger<StuckPipelineCheck> logger) : IScheduledJob
{
    private readonly Lazy<HttpClient> _pipeline = new(() => dapr.CreateInvokableHttpClient(AppIds.ScanPipeline));

    public string Name => "stuck-pipeline-check";

    public TimeSpan LockExpiry => TimeSpan.FromMinutes(1);

    public string PeriodOf(DateTimeOffset now) => now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);

    public async Task<string> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var inFlight = await _pipeline.Value.GetFromJsonAsync<List<InFlightScan>>(InFlightScan.Path, cancellationToken)
            ?? throw new InvalidOperationException("scan-pipeline answered no in-flight list.");
        var threshold = options.Value.StuckAfter;
        var stuck = inFlight.Where(s => now - s.StartedAt > threshold).OrderBy(s => s.StartedAt).ToList();
        foreach (var scan in stuck)
        {
            logger.LogWarning("Scan {ScanId} is stuck: in flight since {StartedAt:O} ({Minutes:F0} min)",
                scan.ScanId, scan.StartedAt, (now - scan.StartedAt).TotalMinutes);
        }

        metrics.StuckScans(stuck.Count);
        return $"{inFlight.Count} in flight, {stuck.Count} stuck";
    }
}
