using Dapr.Client;

namespace Growbin.Auth.Keys;

/// <summary>
/// Outside Development, loads the signing keys before the app serves anything, so a secret holding
/// <see cref="ExampleSigningKey"/> stops the start. Waits for the sidecar as long as ServiceDefaults' start-up probe
/// does (<c>Dapr:SidecarStartupWait</c>, 10 s; daprd serves its API before it waits for the app, dapr/dapr
/// pkg/runtime/runtime.go initRuntime). Any other failure (no sidecar in time, a malformed secret) is logged and left
/// to the first use, which fails the same way.
/// </summary>
public sealed partial class SigningKeyStartupCheck(
    SigningKeyStore store,
    DaprClient dapr,
    IHostEnvironment environment,
    IConfiguration configuration,
    ILogger<SigningKeyStartupCheck> logger) : IHostedService
{
    private const string SidecarWaitKey = "Dapr:SidecarStartupWait";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (environment.IsDevelopment())
        {
            return;
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(configuration.GetValue(SidecarWaitKey, TimeSpan.FromSeconds(10)));
        try
        {
            await dapr.WaitForSidecarAsync(wait.Token);
            var keys = await store.GetAsync(wait.Token);
            LogChecked(keys.All.Count, keys.Active.KeyId ?? "");
        }
        catch (Exception ex) when (ex is not ExampleSigningKeyException && !cancellationToken.IsCancellationRequested)
        {
            LogNotChecked(ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Information, "Loaded {Count} signing keys at start; {Kid} signs")]
    private partial void LogChecked(int count, string kid);

    [LoggerMessage(LogLevel.Warning, "Could not load the signing keys at start; they are loaded, and checked, at first use")]
    private partial void LogNotChecked(Exception exception);
}
