namespace Growbin.ChatLlm.Ai;

/// <summary>
/// Configuration section <c>OpenAI</c>, as vision-analyzer reads it: the key comes from the Dapr secret store
/// (component <c>secretstore</c>, secret <see cref="ApiKeySecretName"/>) unless <see cref="ApiKey"/> is configured.
/// </summary>
public sealed class OpenAiOptions
{
    public const string SectionName = "OpenAI";

    public const string ApiKeySecretName = "openai-api-key";

    /// <summary>Base URL of an OpenAI-compatible API, including <c>/v1</c>. Empty: the SDK's default (api.openai.com).</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Overrides the secret store. No key anywhere: chat answers 503 <c>ai-unavailable</c>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>A small model is enough to answer from the grounding block (ARCHITECTURE §8).</summary>
    public string Model { get; set; } = "gpt-4o-mini";

    /// <summary>Network timeout of one model call (the SDK does not retry).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    public bool HasApiKey => !string.IsNullOrWhiteSpace(ApiKey);
}
