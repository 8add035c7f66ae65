namespace Growbin.RecycleInfo;

public sealed record ItemRef(string Id, string NameKo, string NameEn);
