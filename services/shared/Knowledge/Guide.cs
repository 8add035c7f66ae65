namespace Growbin.Knowledge;

/// <summary>The general disposal guide (data/guide.json): the four principles and topic sections.</summary>
/// <param name="Principles">비우기, 헹구기, 분리하기, 섞지 않기 — in that order.</param>
/// <param name="Sections">Topics: recycling marks, clear PET, bulky waste, …</param>
public sealed record Guide(IReadOnlyList<GuideSection> Principles, IReadOnlyList<GuideSection> Sections)
{
    /// <summary>The principle or section with this id, or null.</summary>
    public GuideSection? FindSection(string id) =>
        Principles.Concat(Sections).FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.Ordinal));
}
