using Dapr.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Growbin.ServiceDefaults.Health;

/// <summary>
/// Says once, clearly, whether a Dapr sidecar answers. The app keeps running either way: /healthz, /metrics and the
/// API reference work without one, and /readyz stays not-ready until it appears.
/// </summary>
internal sealed partial class DaprSidecarStartupProbe(
    DaprClient dapr, IConfiguration configuration, IHostApplicationLifetime lifetime, ILogger<DaprSidecarStartupProbe> logger)
    : BackgroundService
{
    /// <summary>How long to wait for the sidecar after start before saying it is missing (default 10 s).</summary>
    public const string PatienceKey = "Dapr:SidecarStartupWait";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await WhenStarted(stoppingToken))
        {
            return;
        }

        var endpoint = Environment.GetEnvironmentVariable("DAPR_HTTP_ENDPOINT")
            ?? $"http://127.0.0.1:{Environment.GetEnvironmentVariable("DAPR_HTTP_PORT") ?? "3500"}";
        var patience = configuration.GetValue(PatienceKey, TimeSpan.FromSeconds(10));
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        cts.CancelAfter(patience);
        try
        {
            await dapr.WaitForSidecarAsync(cts.Token);
            LogSidecarReachable(endpoint);
        }
        catch (Exception) when (!stoppingToken.IsCancellationRequested)
        {
            LogSidecarUnreachable(endpoint, patience.TotalSeconds);
        }
    }

    private async Task<bool> WhenStarted(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled());
        try
        {
            await started.Task;
            return true;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dapr sidecar reachable at {Endpoint}.")]
    private partial void LogSidecarReachable(string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message =
        "Dapr sidecar not reachable at {Endpoint} after {Seconds}s. The app serves /healthz and /metrics, but /readyz "
        + "reports not-ready and state, pub/sub, bindings and actors fail until a sidecar runs (locally: make run).")]
    private partial void LogSidecarUnreachable(string endpoint, double seconds);
}
