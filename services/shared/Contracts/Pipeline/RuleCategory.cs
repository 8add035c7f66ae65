namespace Growbin.Contracts.Pipeline;

public sealed record RuleCategory(string Id, string NameKo, string NameEn, string Where);
