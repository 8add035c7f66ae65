namespace Growbin.VisionAnalyzer.Ai;

/// <summary>USD per million tokens (configuration <c>OpenAI:Pricing</c>), for the cost metric and the daily budget.</summary>
public sealed class OpenAiPricing
{
    public decimal InputPerMillion { get; set; }

    public decimal OutputPerMillion { get; set; }

    public decimal CostOf(int promptTokens, int completionTokens) =>
        (promptTokens * InputPerMillion + completionTokens * OutputPerMillion) / 1_000_000m;
}
