namespace Growbin.Contracts.Pipeline;

/// <summary>The output of a completed scan: the stored image, what the model saw, and the answer.</summary>
/// <param name="AnalysisFromCache">True when no model call was made for this scan (the same photo was analysed before).</param>
public sealed record ScanResult(string ImageKey, Classification Classification, bool AnalysisFromCache, ScanAnswer Answer);
