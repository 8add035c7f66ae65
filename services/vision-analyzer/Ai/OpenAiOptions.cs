namespace Growbin.VisionAnalyzer.Ai;

/// <summary>
/// Configuration section <c>OpenAI</c>. The API key is read from the Dapr secret store (component <c>secretstore</c>,
/// secret <see cref="ApiKeySecretName"/>) unless <see cref="ApiKey"/> is set in configuration (tests, one-off runs).
/// </summary>
public sealed class OpenAiOptions
{
    public const string SectionName = "OpenAI";

    /// <summary>The secret holding the key in the Dapr secret store (components/secrets.json locally, a Kubernetes secret in a cluster).</summary>
    public const string ApiKeySecretName = "openai-api-key";

    /// <summary>Base URL of an OpenAI-compatible API, including <c>/v1</c>. Empty: the SDK's default (api.openai.com).</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Overrides the secret store. No key anywhere: the analyzer refuses with <c>ai-unavailable</c> instead of calling anything.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// A model that bills a low-detail image at a flat 85 tokens (gpt-4.1, gpt-4o). The mini models bill images
    /// differently (gpt-4o-mini: 2,833 tokens; gpt-4.1-mini: per 32 px patch) and break the per-scan token goal.
    /// </summary>
    public string Model { get; set; } = "gpt-4.1";

    /// <summary>Network timeout of one model call. The SDK does not retry: the pipeline is the one retry layer.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Upper bound of the answer; the JSON classification needs well under 100 tokens.</summary>
    public int MaxOutputTokens { get; set; } = 300;

    public OpenAiPricing Pricing { get; set; } = new();

    public bool HasApiKey => !string.IsNullOrWhiteSpace(ApiKey);
}
