namespace Growbin.Ai.Budget;

/// <summary>
/// Configuration section <c>AiBudget</c>: the limits of one UTC day, for all apps together (read by the host of
/// <see cref="AiBudgetActor"/>), and where the other apps find that host.
/// </summary>
public sealed class AiBudgetOptions
{
    public const string SectionName = "AiBudget";

    /// <summary>Model calls per day; 0 refuses every call.</summary>
    public int DailyCalls { get; set; } = 1000;

    /// <summary>USD per day; unset or 0 means no cost limit (the call limit still applies).</summary>
    public decimal? DailyCostUsd { get; set; }

    /// <summary>
    /// The app that hosts the budget actor, for apps that reach it by service invocation
    /// (<see cref="InvokedAiBudget"/>). Locally the app id; in Kubernetes <c>vision-analyzer.workers</c> from another
    /// namespace, because Dapr places actors per namespace and an actor cannot be called from outside its own.
    /// </summary>
    public string HostAppId { get; set; } = "vision-analyzer";

    /// <summary>
    /// How long <see cref="InvokedAiBudget"/> waits for one call to the host; then it throws
    /// <see cref="HttpRequestException"/> like any failed call. The callers' sidecars time the same call out with the
    /// resiliency timeout of the host's app target (components/resiliency.yaml, k8s/base/dapr/resiliency.yaml), which
    /// must not be shorter, or the sidecar would cut the call the app is still waiting for.
    /// </summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
