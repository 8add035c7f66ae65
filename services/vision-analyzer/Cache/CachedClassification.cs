using Growbin.Contracts.Pipeline;

namespace Growbin.VisionAnalyzer.Cache;

/// <summary>A model's answer as the AI cache keeps it, with what it cost the first time.</summary>
public sealed record CachedClassification(
    Classification Classification,
    string Model,
    string PromptVersion,
    int PromptTokens,
    int CompletionTokens,
    DateTimeOffset CachedAt);
