namespace Growbin.WasteApi;

public sealed record WasteCategory(string Id, string NameKo, string NameEn, string Where);
