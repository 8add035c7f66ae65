using System.Net.Http.Json;
using Dapr.Client;
using Microsoft.Extensions.Options;

namespace Growbin.Ai.Budget;

/// <summary>
/// <see cref="IAiBudget"/> for apps that do not host the budget actor: Dapr service invocation of the host's
/// <see cref="AiBudgetEndpoints"/> (app <see cref="AiBudgetOptions.HostAppId"/>), which calls the actor in its own
/// namespace. Works across namespaces, where an actor call does not. A failed call throws
/// <see cref="HttpRequestException"/>: callers treat an unreachable budget as no budget (they do not call the model).
/// The reservation id goes in the body, so a repeated request is counted once.
/// </summary>
public sealed class InvokedAiBudget(DaprClient dapr, IOptions<AiBudgetOptions> options) : IAiBudget
{
    private readonly Lazy<HttpClient> _host = new(() => dapr.CreateInvokableHttpClient(options.Value.HostAppId));

    public Task<BudgetDecision> TryReserveAsync(string reservationId, int calls, CancellationToken cancellationToken) =>
        CallAsync<BudgetDecision>((host, ct) => host.PostAsJsonAsync(
            AiBudgetEndpoints.Prefix + "/reservations", new AiBudgetReservation(reservationId, calls), AiBudgetEndpoints.Json, ct), cancellationToken);

    public Task<AiBudgetUsage> RecordUsageAsync(string day, string reservationId, AiUsage usage, CancellationToken cancellationToken) =>
        CallAsync<AiBudgetUsage>((host, ct) => host.PostAsJsonAsync(
            $"{AiBudgetEndpoints.Prefix}/{Uri.EscapeDataString(day)}/usage", AiBudgetCharge.For(reservationId, usage), AiBudgetEndpoints.Json, ct),
            cancellationToken);

    public Task<AiBudgetUsage> GetUsageAsync(string day, CancellationToken cancellationToken) =>
        CallAsync<AiBudgetUsage>((host, ct) => host.GetAsync($"{AiBudgetEndpoints.Prefix}/{Uri.EscapeDataString(day)}", ct), cancellationToken);

    /// <summary>One call, bounded by <see cref="AiBudgetOptions.CallTimeout"/>; running out of it is a failed call, the caller's cancellation stays one.</summary>
    private async Task<T> CallAsync<T>(Func<HttpClient, CancellationToken, Task<HttpResponseMessage>> send, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limits.CallTimeout);
        try
        {
            using var response = await send(_host.Value, timeout.Token);
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadFromJsonAsync<T>(AiBudgetEndpoints.Json, timeout.Token)
                   ?? throw new HttpRequestException("The AI budget host answered with an empty body.");
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HttpRequestException($"The AI budget host {limits.HostAppId} did not answer within {limits.CallTimeout}.", ex);
        }
    }
}
