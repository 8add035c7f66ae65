namespace Growbin.Knowledge;

/// <summary>One principle or topic of the guide.</summary>
/// <param name="Id">Stable kebab-case ASCII id, unique across principles and sections.</param>
/// <param name="Title">Short Korean heading.</param>
/// <param name="Summary">One or two Korean sentences.</param>
/// <param name="Points">The details or worked examples, in reading order.</param>
/// <param name="ItemIds">Items the section is about (may be empty).</param>
/// <param name="CategoryIds">Categories the section is about (may be empty).</param>
/// <param name="SourceIds">Where the facts come from; at least one.</param>
/// <param name="TitleEn">The title in English.</param>
/// <param name="SummaryEn">The summary in English.</param>
public sealed record GuideSection(
    string Id,
    string Title,
    string Summary,
    IReadOnlyList<GuidePoint> Points,
    IReadOnlyList<string> ItemIds,
    IReadOnlyList<string> CategoryIds,
    IReadOnlyList<string> SourceIds,
    string TitleEn,
    string SummaryEn);

/// <summary>A titled paragraph of a guide section.</summary>
public sealed record GuidePoint(string Title, string Text, string TitleEn, string TextEn);
