namespace Growbin.VisionAnalyzer.Ai;

/// <summary>A model call that gave no classification, with the tokens it still used (zero when nothing came back).</summary>
public sealed class VisionCallException(
    VisionFailureKind kind,
    string outcome,
    string message,
    int promptTokens = 0,
    int completionTokens = 0,
    Exception? innerException = null) : Exception(message, innerException)
{
    public VisionFailureKind Kind { get; } = kind;

    /// <summary>The <c>outcome</c> label for <c>growbin_ai_calls_total</c>.</summary>
    public string Outcome { get; } = outcome;

    public int PromptTokens { get; } = promptTokens;

    public int CompletionTokens { get; } = completionTokens;
}
