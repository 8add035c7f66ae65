namespace Growbin.Ai;

/// <summary>
/// Configuration section <c>OpenAI</c>, one shape for every app that calls a model. Each app registers its own
/// defaults with <see cref="OpenAiServiceCollectionExtensions.AddOpenAi"/>; configuration overrides them. The API key
/// is read from the Dapr secret store (component <c>secretstore</c>, secret <see cref="ApiKeySecretName"/>) unless
/// <see cref="ApiKey"/> is set in configuration (tests, one-off runs).
/// </summary>
public sealed class OpenAiOptions
{
    public const string SectionName = "OpenAI";

    /// <summary>The secret holding the key in the Dapr secret store (components/secrets.json locally, a Kubernetes secret in a cluster).</summary>
    public const string ApiKeySecretName = "openai-api-key";

    /// <summary>Base URL of an OpenAI-compatible API, including <c>/v1</c>. Empty: the SDK's default (api.openai.com).</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Overrides the secret store. No key anywhere: the app answers <c>ai-unavailable</c> instead of calling anything.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The model every call of this app uses; required (the app's defaults set it).</summary>
    public string Model { get; set; } = "";

    /// <summary>Network timeout of one model call. The SDK does not retry: the caller decides about retries.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Upper bound of one answer.</summary>
    public int MaxOutputTokens { get; set; } = 300;

    public OpenAiPricing Pricing { get; set; } = new();

    public bool HasApiKey => !string.IsNullOrWhiteSpace(ApiKey);
}
