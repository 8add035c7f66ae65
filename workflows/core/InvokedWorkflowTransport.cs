using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Growbin.Workflows;

/// <summary>
/// Dapr service invocation to the host's <see cref="WorkflowEndpoints"/>: works across namespaces, where actor calls
/// do not. Every failure (sidecar, network, host) surfaces as <see cref="HttpRequestException"/>; only the host's own
/// "no such instance" answer becomes <see cref="WorkflowState.NotFound"/>.
/// </summary>
internal sealed class InvokedWorkflowTransport(HttpClient host) : IWorkflowTransport
{
    public async Task<bool> StartAsync(string instanceId, WorkflowStartRequest request, CancellationToken cancellationToken)
    {
        using var response = await host.PostAsJsonAsync(WorkflowEndpoints.PathOf(instanceId), request, WorkflowJson.Options, cancellationToken);
        response.EnsureSuccessStatusCode();
        return response.StatusCode == HttpStatusCode.Created;
    }

    public async Task<WorkflowState> GetStateAsync(string instanceId, bool withInputsAndOutputs, CancellationToken cancellationToken)
    {
        var path = $"{WorkflowEndpoints.PathOf(instanceId)}?getInputsAndOutputs={(withInputsAndOutputs ? "true" : "false")}";
        using var response = await host.GetAsync(path, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound && await IsUnknownInstanceAsync(response, cancellationToken))
        {
            return WorkflowState.NotFound(instanceId);
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<WorkflowState>(WorkflowJson.Options, cancellationToken)
            ?? throw new HttpRequestException($"The workflow host answered no state for '{instanceId}'.");
    }

    /// <summary>A 404 without our problem type is a missing route or app (a deployment fault), not a missing instance.</summary>
    private static async Task<bool> IsUnknownInstanceAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            return body.RootElement.ValueKind == JsonValueKind.Object
                && body.RootElement.TryGetProperty("type", out var type)
                && type.ValueKind == JsonValueKind.String
                && type.GetString() == WorkflowEndpoints.InstanceNotFoundType;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
