namespace Growbin.Contracts.Pipeline;

public sealed record RuleItem(string Id, string NameKo, string NameEn);
