namespace Growbin.TestSupport.OpenAi;

/// <summary>Classifications the fake model answers vision-analyzer with, in the shape of its structured-output schema.</summary>
public static class VisionAnswers
{
    public static readonly object MilkCarton = new
    {
        category = "paper-pack",
        itemId = "milk-carton",
        itemName = "우유팩",
        materials = new[] { "paper" },
        condition = Array.Empty<string>(),
        confidence = 0.93,
    };

    /// <summary>Pills in a blister pack: an item whose rule in Seoul is Seoul's own (post-box collection).</summary>
    public static readonly object Pills = new
    {
        category = "medicine",
        itemId = "pills",
        itemName = "알약",
        materials = new[] { "plastic", "aluminium" },
        condition = Array.Empty<string>(),
        confidence = 0.91,
    };
}
