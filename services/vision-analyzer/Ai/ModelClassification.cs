namespace Growbin.VisionAnalyzer.Ai;

/// <summary>The JSON the model answers with, before it is checked against the dataset.</summary>
internal sealed record ModelClassification(
    string? Category,
    string? ItemId,
    string? ItemName,
    List<string?>? Materials,
    List<string?>? Condition,
    double? Confidence);
