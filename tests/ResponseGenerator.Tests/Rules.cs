extern alias RuleRetriever;
using Growbin.Contracts.Pipeline;
using Growbin.Knowledge;
using RuleResolver = RuleRetriever::Growbin.RuleRetriever.RuleResolver;

namespace Growbin.ResponseGenerator.Tests;

/// <summary>
/// Disposal rules for real dataset items, made by rule-retriever's own RuleResolver (an applied exception moves the
/// item to the exception's category and its steps), so the answers tested are the answers people get.
/// </summary>
internal static class Rules
{
    public static readonly KnowledgeBase Data = KnowledgeBase.Default;

    private static readonly RuleResolver Resolver = new(Data, new ItemMatcher(Data));

    public static DisposalRule ForItem(string itemId, string? condition = null, bool lowConfidence = false, params string[] alternativeIds) =>
        ForItemIn(itemId, null, TextLanguage.Ko, condition, lowConfidence, alternativeIds);

    /// <summary>The rule a person in <paramref name="region"/> gets, in <paramref name="language"/>.</summary>
    public static DisposalRule ForItemIn(
        string itemId, string? region, TextLanguage language, string? condition = null, bool lowConfidence = false, params string[] alternativeIds)
    {
        var item = Data.FindItem(itemId) ?? throw new ArgumentException($"No item '{itemId}' in the dataset.", nameof(itemId));
        var seen = new Classification(item.CategoryId, item.Id, item.NameKo, [], condition is null ? [] : [condition], Confidence: 0.9);
        var place = region is null ? null : RegionName.TryParse(region, out var parsed) ? parsed : throw new ArgumentException($"'{region}' is no region.");
        return Resolver.Resolve(seen, place, language)! with { LowConfidence = lowConfidence, Alternatives = Alternatives(alternativeIds) };
    }

    public static DisposalRule ForCategory(string categoryId, params string[] alternativeIds)
    {
        var category = Data.FindCategory(categoryId)!;
        return new DisposalRule(
            RuleMatch.Category, LowConfidence: true, Item: null, Category(categoryId), category.HowTo, [], null, [], null, false,
            category.SourceIds, Alternatives(alternativeIds), Data.Version);
    }

    public static RuleCategory Category(string id)
    {
        var category = Data.FindCategory(id) ?? throw new ArgumentException($"No category '{id}' in the dataset.", nameof(id));
        return new RuleCategory(category.Id, category.NameKo, category.NameEn, category.Where);
    }

    public static Classification Seen(DisposalRule rule, double confidence = 0.9, string? itemName = null, params string[] conditions) =>
        new(rule.Category.Id, rule.Item?.Id, itemName ?? rule.Item?.NameKo ?? "알 수 없는 물건", [], conditions, confidence);

    private static IReadOnlyList<RuleItem> Alternatives(string[] ids) =>
        ids.Select(id => ToRuleItem(Data.FindItem(id) ?? throw new ArgumentException($"No item '{id}' in the dataset."))).ToList();

    private static RuleItem ToRuleItem(Item item) => new(item.Id, item.NameKo, item.NameEn);
}
