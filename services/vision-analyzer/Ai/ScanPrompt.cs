namespace Growbin.VisionAnalyzer.Ai;

/// <summary>
/// The versioned instructions for one scan. Change the text or the schema (<see cref="ClassificationSchema"/>) →
/// change <see cref="Version"/>: the version is part of the AI cache key, so answers to an older prompt are not served
/// for the new one. The ids the model may answer with travel in the JSON schema's enums, not here, and structured
/// output guarantees the JSON, so this says only what the schema cannot: whose rules, which item, and what each free
/// field means. Every byte is paid for on every scan (~4 bytes a token).
/// </summary>
public static class ScanPrompt
{
    /// <summary>v2: terser text; <c>materials</c> left out of the schema (nothing downstream reads it).</summary>
    public const string Version = "scan-v2";

    public const string System =
        "Sort the main waste item in the photo by Korean recycling rules (분리배출). itemId null if none fits. " +
        "itemName: its Korean name. condition: only if visible. confidence: 0-1.";
}
