namespace Growbin.Knowledge;

/// <summary>A kind of waste and how it is put out.</summary>
public sealed record Category(string Id, string NameKo, string NameEn, IReadOnlyList<string> HowTo, string Where, IReadOnlyList<string> SourceIds);
