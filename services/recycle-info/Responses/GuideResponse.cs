namespace Growbin.RecycleInfo;

/// <param name="Principles">The four principles (비우기, 헹구기, 분리하기, 섞지 않기), in order.</param>
/// <param name="Sections">Recycling marks, clear PET, bulky waste and local rules.</param>
public sealed record GuideResponse(IReadOnlyList<GuideSectionResponse> Principles, IReadOnlyList<GuideSectionResponse> Sections, string Language, string DatasetVersion);
