using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapr.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Growbin.Workflows;

/// <summary>
/// Runs one attempt of an activity. A remote activity is <c>POST /activities/{name}</c> on its app by Dapr service
/// invocation, with <c>Idempotency-Key: {instanceId}:{name}</c>; the caller's sidecar does not retry it (resiliency.yaml),
/// so this attempt is the only call. 2xx is the output; a 4xx other than 408/429 is permanent (the input can never
/// succeed); 408, 429, 5xx, a timeout or a transport error is transient and left to the retry policy.
/// A local activity is resolved from DI and any exception it throws is transient.
/// </summary>
public sealed class ActivityExecutor(DaprClient dapr, WorkflowRegistry registry, IServiceProvider services, IOptions<WorkflowRuntimeOptions> options)
{
    public const string ActivityRoutePrefix = "/activities/";
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private readonly ConcurrentDictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);

    public async Task<ActivityOutcome> ExecuteAsync(string instanceId, PendingActivity activity, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.ActivityTimeout);
        try
        {
            return activity.TargetAppId is { } appId
                ? await InvokeRemoteAsync(appId, instanceId, activity, timeout.Token)
                : await RunLocalAsync(instanceId, activity);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ActivityOutcome.Transient(Failure(activity, "timeout", $"No answer within {options.Value.ActivityTimeout.TotalSeconds:0} s."));
        }
        catch (HttpRequestException e)
        {
            return ActivityOutcome.Transient(Failure(activity, "unreachable", e.Message));
        }
    }

    private async Task<ActivityOutcome> InvokeRemoteAsync(string appId, string instanceId, PendingActivity activity, CancellationToken cancellationToken)
    {
        var client = _clients.GetOrAdd(appId, id => dapr.CreateInvokableHttpClient(id));
        using var request = new HttpRequestMessage(HttpMethod.Post, ActivityRoutePrefix + activity.Name)
        {
            Content = JsonContent.Create(activity.Input, options: WorkflowJson.Options),
        };
        request.Headers.Add(IdempotencyKeyHeader, $"{instanceId}:{activity.Name}");

        using var response = await client.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return ActivityOutcome.Success(body.Length == 0 ? null : JsonDocument.Parse(body).RootElement.Clone());
        }

        var failure = FromProblem(activity, response.StatusCode, body);
        var status = (int)response.StatusCode;
        var permanent = status is >= 400 and < 500 && response.StatusCode is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);
        return permanent ? ActivityOutcome.Permanent(failure) : ActivityOutcome.Transient(failure);
    }

    private async Task<ActivityOutcome> RunLocalAsync(string instanceId, PendingActivity activity)
    {
        var type = registry.FindActivity(activity.Name)
            ?? throw new InvalidOperationException($"No local activity '{activity.Name}' is registered.");
        var implementation = (IWorkflowActivity)ActivatorUtilities.GetServiceOrCreateInstance(services, type);
        var input = activity.Input?.Deserialize(implementation.InputType, WorkflowJson.Options);
        try
        {
            var output = await implementation.RunAsync(new WorkflowActivityContext(instanceId, activity.Name, activity.Attempt), input);
            return ActivityOutcome.Success(output is null ? null : JsonSerializer.SerializeToElement(output, WorkflowJson.Options));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return ActivityOutcome.Transient(Failure(activity, e.GetType().Name, e.Message));
        }
    }

    /// <summary>The ProblemDetails a worker answered with: its <c>type</c> and <c>detail</c> become the failure.</summary>
    private static WorkflowFailureDetails FromProblem(PendingActivity activity, HttpStatusCode status, string body)
    {
        try
        {
            using var problem = JsonDocument.Parse(body);
            var root = problem.RootElement;
            var type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            var detail = root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()
                : root.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String ? title.GetString() : null;
            return Failure(activity, type ?? $"http-{(int)status}", detail ?? $"HTTP {(int)status}");
        }
        catch (JsonException)
        {
            return Failure(activity, $"http-{(int)status}", $"HTTP {(int)status}");
        }
    }

    private static WorkflowFailureDetails Failure(PendingActivity activity, string type, string message) => new(type, message, activity.Name);
}
