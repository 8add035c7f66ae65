namespace Growbin.Contracts.Pipeline;

/// <summary>Input of <c>rules</c>: what the model saw, where the person lives and the language of the answer.</summary>
/// <param name="Region">The person's region ("서울특별시 마포구"), whose own rule comes first; null for the national rule.</param>
/// <param name="Language">"ko" or "en": the language of the rule's texts; null is Korean.</param>
public sealed record RulesRequest(Classification Classification, string? Region, string? Language);
