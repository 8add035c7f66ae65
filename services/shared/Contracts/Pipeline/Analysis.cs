namespace Growbin.Contracts.Pipeline;

/// <summary>Output of <c>analyze</c>: what the model saw, and what it cost.</summary>
/// <param name="FromCache">True when the AI result cache answered: no model call was made for this scan.</param>
/// <param name="PromptTokens">Tokens sent for this answer (0 from the cache).</param>
/// <param name="CompletionTokens">Tokens received for this answer (0 from the cache).</param>
public sealed record Analysis(
    Classification Classification,
    string Model,
    string PromptVersion,
    bool FromCache,
    int PromptTokens,
    int CompletionTokens);
