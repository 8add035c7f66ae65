using Microsoft.Extensions.Logging;
using Prometheus;

namespace Growbin.ServiceDefaults.Telemetry;

/// <summary>
/// The AI cost metrics of ARCHITECTURE §8, one definition for every app that calls a model (purpose scan, chat). Counting never fails the work: a metrics error is logged as a warning.
/// <c>growbin_ai_cache_hits_total</c> carries purpose and model too, so hits can be set against calls per model.
/// </summary>
public sealed class AiMetrics(ILogger<AiMetrics> logger)
{
    public const string ScanPurpose = "scan";
    public const string ChatPurpose = "chat";

    private static readonly Counter Calls = Metrics.CreateCounter(
        "growbin_ai_calls_total", "Model calls made, by outcome.", "purpose", "model", "outcome");

    private static readonly Counter Tokens = Metrics.CreateCounter(
        "growbin_ai_tokens_total", "Tokens billed, by kind (prompt, completion).", "purpose", "model", "kind");

    private static readonly Counter Cost = Metrics.CreateCounter(
        "growbin_ai_cost_usd_total", "Estimated model cost in USD, from the configured prices.", "purpose", "model");

    private static readonly Counter CacheHits = Metrics.CreateCounter(
        "growbin_ai_cache_hits_total", "Answers served from the AI result cache instead of a model call.", "purpose", "model");

    public void CallMade(string purpose, string model, string outcome) =>
        Safely(() => Calls.WithLabels(purpose, model, outcome).Inc());

    /// <summary>Tokens billed; the cost only when the caller has prices for the model.</summary>
    public void Usage(string purpose, string model, int promptTokens, int completionTokens, decimal? costUsd = null) =>
        Safely(() =>
        {
            Tokens.WithLabels(purpose, model, "prompt").Inc(promptTokens);
            Tokens.WithLabels(purpose, model, "completion").Inc(completionTokens);
            if (costUsd is { } cost)
            {
                Cost.WithLabels(purpose, model).Inc((double)cost);
            }
        });

    public void CacheHit(string purpose, string model) =>
        Safely(() => CacheHits.WithLabels(purpose, model).Inc());

    private void Safely(Action count)
    {
        try
        {
            count();
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not update an AI metric; the work goes on.");
        }
    }
}
