using Growbin.Contracts.Pipeline;

namespace Growbin.VisionAnalyzer.Ai;

/// <summary>A model's classification with the tokens the call used.</summary>
public sealed record VisionAnswer(Classification Classification, int PromptTokens, int CompletionTokens);
