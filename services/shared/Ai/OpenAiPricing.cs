namespace Growbin.Ai;

/// <summary>
/// USD per million tokens of the configured model (configuration <c>OpenAI:Pricing</c>), for the cost metric and the
/// daily budget. Both prices 0 (unset) means the model has no known price.
/// </summary>
public sealed class OpenAiPricing
{
    public decimal InputPerMillion { get; set; }

    public decimal OutputPerMillion { get; set; }

    public bool IsKnown => InputPerMillion > 0 || OutputPerMillion > 0;

    /// <summary>What a call with these token counts cost, or null when the model has no price.</summary>
    public decimal? CostOf(long inputTokens, long outputTokens) =>
        IsKnown ? (inputTokens * InputPerMillion + outputTokens * OutputPerMillion) / 1_000_000m : null;
}
