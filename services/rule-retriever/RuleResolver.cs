using Growbin.Contracts.Pipeline;
using Growbin.Knowledge;

namespace Growbin.RuleRetriever;

/// <summary>
/// From what the model saw to the dataset's rule: the item by the model's id, else by its words (only when the matcher
/// is confident), else the category alone, marked low-confidence. A condition the photo shows (contaminated, broken …)
/// applies the item's matching exception. A pure function of its input and the dataset, so a repeated call gives the
/// same answer.
/// </summary>
public sealed class RuleResolver(KnowledgeBase knowledge, ItemMatcher matcher)
{
    /// <summary>Below this, the model's own confidence is too weak to state an item's rule as fact.</summary>
    public const double ConfidenceThreshold = 0.6;

    private const int MaxAlternatives = 3;

    /// <returns>The rule, or null when neither the item nor the category is in the dataset.</returns>
    public DisposalRule? Resolve(Classification classification)
    {
        var category = knowledge.FindCategory(classification.Category);
        var item = classification.ItemId is { } id ? knowledge.FindItem(id) : null;
        IReadOnlyList<ItemCandidate> candidates = [];
        if (item is null)
        {
            var match = matcher.Match(classification.ItemName, MaxAlternatives + 1);
            candidates = match.Candidates;
            item = match.IsConfident ? match.Best!.Item : null;
            category ??= match.Category;
        }

        var alternatives = candidates.Where(c => c.Item != item).Take(MaxAlternatives).Select(c => ToRuleItem(c.Item)).ToList();
        if (item is not null)
        {
            // The model named a category that is not the item's own: the dataset's item wins, but the answer hedges.
            var disagrees = category is not null && category.Id != item.CategoryId;
            return ForItem(item, classification, classification.Confidence < ConfidenceThreshold || disagrees, alternatives);
        }

        return category is null ? null : ForCategory(category, alternatives);
    }

    private DisposalRule ForItem(Item item, Classification classification, bool lowConfidence, IReadOnlyList<RuleItem> alternatives)
    {
        var applied = item.Exceptions.FirstOrDefault(e => e.Condition is { } condition && classification.Condition.Contains(condition));
        var category = knowledge.FindCategory(applied?.CategoryId ?? item.CategoryId)!;
        return new DisposalRule(
            RuleMatch.Item,
            lowConfidence,
            ToRuleItem(item),
            ToRuleCategory(category),
            // An exception moves the item to another category: put it out the way that category is put out.
            applied is null ? item.Steps : category.HowTo,
            item.Cautions,
            applied is null ? null : ToRuleException(applied),
            item.Exceptions.Where(e => e != applied).Select(ToRuleException).ToList(),
            applied is null ? item.DropOff : null,
            item.LocalRulesDiffer,
            item.SourceIds,
            alternatives,
            knowledge.Version);
    }

    private DisposalRule ForCategory(Category category, IReadOnlyList<RuleItem> alternatives) => new(
        RuleMatch.Category,
        LowConfidence: true,
        Item: null,
        ToRuleCategory(category),
        category.HowTo,
        Cautions: [],
        AppliedException: null,
        OtherExceptions: [],
        DropOff: null,
        LocalRulesDiffer: false,
        category.SourceIds,
        alternatives,
        knowledge.Version);

    private static RuleItem ToRuleItem(Item item) => new(item.Id, item.NameKo, item.NameEn);

    private static RuleCategory ToRuleCategory(Category category) => new(category.Id, category.NameKo, category.NameEn, category.Where);

    private RuleException ToRuleException(ItemException exception) =>
        new(exception.When, exception.Condition, ToRuleCategory(knowledge.FindCategory(exception.CategoryId)!));
}
