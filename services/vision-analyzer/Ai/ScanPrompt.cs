namespace Growbin.VisionAnalyzer.Ai;

/// <summary>
/// The versioned instructions for one scan. Change the text → change <see cref="Version"/>: the version is part of
/// the AI cache key, so answers to an older prompt are not served for the new one. The ids the model may answer
/// with travel in the JSON schema's enums, not here, which keeps this text short.
/// </summary>
public static class ScanPrompt
{
    public const string Version = "scan-v1";

    public const string System =
        "You sort household waste for Korean recycling rules (분리배출). Classify the single main item in the photo. " +
        "category, itemId: ids from the schema; itemId null if no listed item fits. " +
        "itemName: its usual Korean name (e.g. 우유팩). materials: short English words (paper, pet, glass, metal…). " +
        "condition: only states you can see. confidence: 0-1. Reply with the JSON only.";
}
