using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Growbin.Contracts;

namespace Growbin.E2E.Tests;

/// <summary>What a Dapr sidecar tells about itself over its own HTTP API and metrics port.</summary>
internal static class Sidecars
{
    /// <summary>
    /// Workflow workers (the app's Dapr.Workflow <c>GetWorkItems</c> streams) connected to this sidecar:
    /// <c>workflows.connectedWorkers</c> of <c>GET /v1.0/metadata</c>, omitted when 0 (dapr/dapr pkg/api/http/metadata.go,
    /// from Dapr 1.16). The count is the one daprd registers the app's workflow and activity actors by: on the first
    /// stream they are registered with placement, when the last one closes they are removed, so no activity can be
    /// dispatched to the app until a worker connects again (dapr/dapr pkg/runtime/wfengine/wfengine.go,
    /// WithOnGetWorkItemsConnectionCallback / WithOnGetWorkItemsDisconnectCallback → RegisterActors / UnRegisterActors).
    /// </summary>
    public static async Task<int> ConnectedWorkersAsync(HttpClient http, int daprHttpPort, CancellationToken cancellationToken = default)
    {
        var metadata = await http.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{daprHttpPort}/v1.0/metadata", cancellationToken);
        return metadata.TryGetProperty("workflows", out var workflows) && workflows.TryGetProperty("connectedWorkers", out var count)
            ? count.GetInt32()
            : 0;
    }

    /// <summary>
    /// <c>dapr_runtime_workflow_execution_count{workflow_name, status="recoverable"}</c> on the sidecar's metrics port:
    /// workflow turns that ended in an error daprd retries. A turn whose activity cannot be dispatched to its target app
    /// is one: the orchestrator's call to the activity actor finds no host (placement's ErrActorNoAddress for a type no
    /// sidecar registers), the turn returns a recoverable error before its new history — and custom status — is saved,
    /// and its reminder runs it again without limit: every second in 1.17 and 1.18 (FailurePolicy constant 1 s,
    /// MaxRetries nil), with a jittered backoff later (RetryForeverPolicy). dapr/dapr v1.17.2
    /// pkg/actors/targets/workflow/orchestrator/run.go (callActivities before saveInternalState), activity.go,
    /// reminder.go; pkg/actors/internal/placement/loops/disseminator/inflight/inflight.go (resolve); the metric:
    /// pkg/diagnostics/workflow_monitoring.go, docs/development/dapr-metrics.md.
    /// </summary>
    public static async Task<double> RecoverableWorkflowTurnsAsync(HttpClient http, int metricsPort, string workflowName, CancellationToken cancellationToken = default)
    {
        var text = await http.GetStringAsync($"http://127.0.0.1:{metricsPort}/metrics", cancellationToken);
        return text.Split('\n')
            .Where(line => line.StartsWith("dapr_runtime_workflow_execution_count{", StringComparison.Ordinal)
                && line.Contains("status=\"recoverable\"", StringComparison.Ordinal)
                && line.Contains($"workflow_name=\"{workflowName}\"", StringComparison.Ordinal))
            .Sum(line => double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
    }

    /// <summary>The value under <paramref name="key"/> in the app's own state (through its sidecar), or null when there is none.</summary>
    public static async Task<JsonElement?> GetStateAsync(HttpClient http, int daprHttpPort, string key, CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync($"http://127.0.0.1:{daprHttpPort}/v1.0/state/{DaprComponents.StateStore}/{key}", cancellationToken);
        response.EnsureSuccessStatusCode();
        return response.StatusCode == HttpStatusCode.NoContent // 204: no such key
            ? null
            : await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }

    /// <summary>Whether the app's own state (the state API through its sidecar, so with its app-id key prefix) has <paramref name="key"/>.</summary>
    public static async Task<bool> HasStateAsync(HttpClient http, int daprHttpPort, string key, CancellationToken cancellationToken = default)
    {
        var response = await http.GetAsync($"http://127.0.0.1:{daprHttpPort}/v1.0/state/{DaprComponents.StateStore}/{key}", cancellationToken);
        response.EnsureSuccessStatusCode();
        return response.StatusCode != HttpStatusCode.NoContent; // 204: no such key
    }
}
