using System.Net.Http.Json;
using Dapr.Client;
using Microsoft.Extensions.Options;

namespace Growbin.Ai.Budget;

/// <summary>
/// <see cref="IAiBudget"/> for apps that do not host the budget actor: Dapr service invocation of the host's
/// <see cref="AiBudgetEndpoints"/> (app <see cref="AiBudgetOptions.HostAppId"/>), which calls the actor in its own
/// namespace. Works across namespaces, where an actor call does not. A failed call throws
/// <see cref="HttpRequestException"/>: callers treat an unreachable budget as no budget (they do not call the model).
/// </summary>
public sealed class InvokedAiBudget(DaprClient dapr, IOptions<AiBudgetOptions> options) : IAiBudget
{
    private readonly Lazy<HttpClient> _host = new(() => dapr.CreateInvokableHttpClient(options.Value.HostAppId));

    public async Task<BudgetDecision> TryReserveAsync(int calls, CancellationToken cancellationToken)
    {
        using var response = await _host.Value.PostAsJsonAsync(
            AiBudgetEndpoints.Prefix + "/reservations", new AiBudgetReservation(calls), AiBudgetEndpoints.Json, cancellationToken);
        return await ReadAsync<BudgetDecision>(response, cancellationToken);
    }

    public async Task RecordUsageAsync(string day, AiUsage usage, CancellationToken cancellationToken)
    {
        using var response = await _host.Value.PostAsJsonAsync(
            $"{AiBudgetEndpoints.Prefix}/{Uri.EscapeDataString(day)}/usage", usage, AiBudgetEndpoints.Json, cancellationToken);
        await ReadAsync<AiBudgetUsage>(response, cancellationToken);
    }

    public async Task<AiBudgetUsage> GetUsageAsync(string day, CancellationToken cancellationToken)
    {
        using var response = await _host.Value.GetAsync($"{AiBudgetEndpoints.Prefix}/{Uri.EscapeDataString(day)}", cancellationToken);
        return await ReadAsync<AiBudgetUsage>(response, cancellationToken);
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<T>(AiBudgetEndpoints.Json, cancellationToken)
               ?? throw new HttpRequestException("The AI budget host answered with an empty body.");
    }
}
