using Growbin.Contracts.Pipeline;
using Growbin.Knowledge;

namespace Growbin.RuleRetriever;

/// <summary>
/// From what the model saw to the dataset's rule: the item by the model's id, else by its words (only when the matcher
/// is confident), else the category alone, marked low-confidence. A condition the photo shows (contaminated, broken …)
/// applies the item's matching exception. Otherwise the person's region's own rule comes first
/// (<see cref="KnowledgeBase.RuleFor"/>), with the national rule beside it. Every text is in the asked language. A pure
/// function of its input and the dataset, so a repeated call gives the same answer.
/// </summary>
public sealed class RuleResolver(KnowledgeBase knowledge, ItemMatcher matcher)
{
    /// <summary>Below this, the model's own confidence is too weak to state an item's rule as fact.</summary>
    public const double ConfidenceThreshold = 0.6;

    private const int MaxAlternatives = 3;

    /// <returns>The rule, or null when neither the item nor the category is in the dataset.</returns>
    public DisposalRule? Resolve(Classification classification, RegionName? region = null, TextLanguage language = TextLanguage.Ko)
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
        var phrase = new Phrasing(knowledge, language);
        if (item is not null)
        {
            // The model named a category that is not the item's own: the dataset's item wins, but the answer hedges.
            var disagrees = category is not null && category.Id != item.CategoryId;
            var lowConfidence = classification.Confidence < ConfidenceThreshold || disagrees;
            return ForItem(item, classification, region, phrase, lowConfidence, alternatives);
        }

        return category is null ? null : ForCategory(category, phrase, alternatives);
    }

    private DisposalRule ForItem(
        Item item, Classification classification, RegionName? region, Phrasing phrase, bool lowConfidence, IReadOnlyList<RuleItem> alternatives)
    {
        var applied = item.Exceptions.FirstOrDefault(e => e.Condition is { } condition && classification.Condition.Contains(condition));
        var others = item.Exceptions.Where(e => e != applied).Select(phrase.Exception).ToList();
        if (applied is not null)
        {
            // An exception moves the item to another category: put it out the way that category is put out. What the
            // photo shows decides, wherever the person lives.
            var moved = knowledge.FindCategory(applied.CategoryId)!;
            return new DisposalRule(
                RuleMatch.Item, lowConfidence, ToRuleItem(item), phrase.Category(moved), moved.HowToIn(phrase.Language),
                item.CautionsIn(phrase.Language), phrase.Exception(applied), others, DropOff: null, item.LocalRulesDiffer,
                item.SourceIds, alternatives, knowledge.Version, phrase.Language.Tag(), RuleScopes.National,
                LocalNote: item.LocalNoteIn(phrase.Language));
        }

        var rule = knowledge.RuleFor(item, region);
        var local = rule.Scope == RuleScope.Local;
        return new DisposalRule(
            RuleMatch.Item,
            lowConfidence,
            ToRuleItem(item),
            phrase.Category(knowledge.FindCategory(rule.CategoryId)!),
            rule.StepsIn(phrase.Language),
            rule.CautionsIn(phrase.Language),
            AppliedException: null,
            others,
            rule.DropOffIn(phrase.Language),
            item.LocalRulesDiffer,
            rule.SourceIds,
            alternatives,
            knowledge.Version,
            phrase.Language.Tag(),
            local ? RuleScopes.Local : RuleScopes.National,
            rule.RegionNameIn(phrase.Language),
            local
                ? new RuleFallback(phrase.Category(knowledge.FindCategory(item.CategoryId)!), item.StepsIn(phrase.Language), item.DropOffIn(phrase.Language))
                : null,
            // A region's own rule is the answer there; the note on what "some 시·군·구" do belongs to the national rule.
            local ? null : item.LocalNoteIn(phrase.Language));
    }

    private DisposalRule ForCategory(Category category, Phrasing phrase, IReadOnlyList<RuleItem> alternatives) => new(
        RuleMatch.Category,
        LowConfidence: true,
        Item: null,
        phrase.Category(category),
        category.HowToIn(phrase.Language),
        Cautions: [],
        AppliedException: null,
        OtherExceptions: [],
        DropOff: null,
        LocalRulesDiffer: false,
        category.SourceIds,
        alternatives,
        knowledge.Version,
        phrase.Language.Tag());

    private static RuleItem ToRuleItem(Item item) => new(item.Id, item.NameKo, item.NameEn);

    /// <summary>The dataset's records as the rule carries them, in one language.</summary>
    private sealed class Phrasing(KnowledgeBase knowledge, TextLanguage language)
    {
        public TextLanguage Language => language;

        public RuleCategory Category(Category category) => new(category.Id, category.NameKo, category.NameEn, category.WhereIn(language));

        public RuleException Exception(ItemException exception) =>
            new(exception.WhenIn(language), exception.Condition, Category(knowledge.FindCategory(exception.CategoryId)!));
    }
}
