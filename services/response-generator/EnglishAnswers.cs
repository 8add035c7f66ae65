using Growbin.Contracts.Pipeline;

namespace Growbin.ResponseGenerator;

/// <summary>
/// The answer in plain English, for a rule whose texts are English (<see cref="DisposalRule.Language"/> "en"): the same
/// three shapes as the Korean one — a stated rule, a clarifying question, a retake — from the dataset's texts alone.
/// </summary>
internal static class EnglishAnswers
{
    public const string Language = "en";

    private static readonly string[] RetakeTips =
    [
        "Put just one item in the middle of the picture.",
        "Take it in good light, without shadows or glare.",
        "If it has a label or a recycling mark, keep it in view.",
    ];

    private const string LocalRulesLine =
        "Rules differ a little from one district (si, gun or gu) to another. Check your district office's or community centre's guide before you put it out.";

    public static ScanAnswer Confident(RespondRequest request)
    {
        var rule = request.Rule;
        var item = rule.Item!;
        var steps = rule.Steps.Select(Sentence).ToList();
        var cautions = rule.Cautions.Select(Sentence).ToList();

        // "This milk carton": the photo's condition moved this one, not every milk carton, to another bin.
        var subject = rule.AppliedException is null ? item.NameEn : "This " + LowerFirst(item.NameEn);
        var summary = $"{subject}: {Destination(rule.Category)}.";

        var message = new MessageBuilder();
        message.Block(summary);
        message.Block(RegionLine(rule));
        if (rule.AppliedException is { } applied)
        {
            message.Block(AppliedExceptionLine(applied));
        }

        message.Numbered("How to put it out:", steps);
        message.Bulleted("Careful:", cautions);
        message.Block(rule.OtherExceptions.Select(ExceptionSentence));
        message.Block(PlaceLines(rule));
        AppendNational(message, rule);
        AppendCommonEnd(message, rule, request.Question);

        return new ScanAnswer(
            NeedsClarification: false, summary, message.ToString(), item.Id, item.NameEn, rule.Category, steps, cautions,
            rule.DropOff, rule.LocalRulesDiffer, ClarifyingQuestion: null, rule.Alternatives, Language);
    }

    public static ScanAnswer Clarify(RespondRequest request, IReadOnlyList<RuleItem> choices)
    {
        var rule = request.Rule;
        var steps = rule.Steps.Select(Sentence).ToList();
        var question = choices.Count == 1
            ? $"Is it {Article(choices[0].NameEn)}? If not, tell me what it is or take another photo."
            : $"Which is it: {string.Join(", ", choices.Select(c => LowerFirst(c.NameEn)))}? If it is none of these, take another photo.";

        var message = new MessageBuilder();
        if (rule.Item is { } item && rule.Match == RuleMatch.Item)
        {
            // A guess at the item: its rule is offered on condition ("if it is"), never as the answer.
            var cautions = rule.Cautions.Select(Sentence).ToList();
            var summary = $"This looks like {Article(item.NameEn)}, but I am not sure.";
            message.Block(summary);
            message.Block(question);
            message.Block(RegionLine(rule));
            if (rule.AppliedException is { } applied)
            {
                message.Block(AppliedExceptionLine(applied));
            }

            message.Numbered($"If it is {Article(item.NameEn)}, put it out like this:", steps);
            message.Bulleted("Careful:", cautions);
            message.Block(rule.OtherExceptions.Select(ExceptionSentence));
            message.Block(PlaceLines(rule));
            AppendNational(message, rule);
            AppendCommonEnd(message, rule, request.Question);
            return new ScanAnswer(
                NeedsClarification: true, summary, message.ToString(), item.Id, item.NameEn, rule.Category, steps, cautions,
                rule.DropOff, rule.LocalRulesDiffer, question, choices, Language);
        }

        var categoryName = LowerFirst(rule.Category.NameEn);
        var categorySummary = $"This looks like something that goes with {categoryName}, but I am not sure what exactly it is.";
        message.Block(categorySummary);
        message.Block(question);
        message.Numbered($"For reference, this is how {categoryName} is usually put out (it can differ by item):", steps);
        message.Block("Usually goes to: " + rule.Category.Where);
        AppendCommonEnd(message, rule: null, request.Question);
        return new ScanAnswer(
            NeedsClarification: true, categorySummary, message.ToString(), ItemId: null, request.Classification.ItemName.Trim(),
            rule.Category, steps, Cautions: [], DropOff: null, LocalRulesDiffer: false, question, choices, Language);
    }

    public static ScanAnswer Retake(RespondRequest request, IReadOnlyList<RuleItem> choices)
    {
        // Nothing here is stated as the rule: the guess is too weak to put anyone's waste in a bin by it.
        const string Summary = "I can't tell from the photo what this is.";
        const string Question = "Please take another photo of just this item, in good light.";

        var message = new MessageBuilder();
        message.Block(Summary, Question);
        message.Bulleted("Tips for the new photo:", RetakeTips);
        if (choices.Count > 0)
        {
            message.Block($"If it is one of these — {string.Join(", ", choices.Select(c => LowerFirst(c.NameEn)))} — you can also tell me in the chat.");
        }

        AppendCommonEnd(message, rule: null, request.Question);
        return new ScanAnswer(
            NeedsClarification: true, Summary, message.ToString(), request.Rule.Item?.Id,
            request.Rule.Item?.NameEn ?? request.Classification.ItemName.Trim(), request.Rule.Category, Steps: [], Cautions: [],
            DropOff: null, LocalRulesDiffer: false, Question, choices, Language);
    }

    private static string RegionLine(DisposalRule rule) =>
        rule.Scope == RuleScopes.Local && rule.Region is { } region ? $"This is the rule in {region}." : "";

    private static void AppendNational(MessageBuilder message, DisposalRule rule)
    {
        if (rule.National is { } national)
        {
            message.Numbered($"Elsewhere in Korea (the national rule): {Destination(national.Category)}.", national.Steps.Select(Sentence).ToList());
            if (national.DropOff is { } dropOff)
            {
                message.Block("Under the national rule, take it to: " + dropOff);
            }
        }
    }

    private static void AppendCommonEnd(MessageBuilder message, DisposalRule? rule, string? question)
    {
        if (rule is { LocalRulesDiffer: true, Scope: not RuleScopes.Local })
        {
            message.Block(rule.LocalNote is { } note ? [LocalRulesLine, "Where it differs: " + note] : [LocalRulesLine]);
        }

        if (AnswerComposer.Quoted(question) is { } quoted)
        {
            message.Block($"You asked: “{quoted}” If this does not answer it, ask on in the chat and I will go into detail.");
        }
    }

    private static string AppliedExceptionLine(RuleException applied)
    {
        var seen = applied.Condition switch
        {
            ItemConditions.Contaminated => "The photo shows dirt that is hard to wash off",
            ItemConditions.Broken => "It looks broken in the photo",
            ItemConditions.Wet => "It looks wet or mouldy in the photo",
            ItemConditions.WornOut => "It looks badly worn in the photo",
            _ => "Because of how it looks in the photo",
        };
        return $"{seen}, so this answer follows the exception. {ExceptionSentence(applied)}";
    }

    /// <summary>"When it is stained with food or oil: put it out as general waste (volume-rate bag)."</summary>
    private static string ExceptionSentence(RuleException exception) =>
        $"{UpperFirst(exception.When.Trim().TrimEnd('.'))}: {Destination(exception.Category)}.";

    private static string Destination(RuleCategory category) => $"put it out as {LowerFirst(category.NameEn)}";

    private static IEnumerable<string> PlaceLines(DisposalRule rule)
    {
        yield return rule.DropOff is { } dropOff ? "Take it to: " + dropOff : "Where: " + rule.Category.Where;
    }

    /// <summary>A step or caution as a sentence: the dataset's English ends without a full stop.</summary>
    private static string Sentence(string plain)
    {
        var text = plain.Trim();
        return text.Length == 0 || text[^1] is '.' or '!' or '?' or ')' ? text : text + ".";
    }

    /// <summary>"Paper cartons" → "paper cartons", but "PET bottles" stays (an acronym).</summary>
    private static string LowerFirst(string text) =>
        text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLowerInvariant(text[0]) + text[1..] : text;

    private static string UpperFirst(string text) => text.Length > 0 ? char.ToUpperInvariant(text[0]) + text[1..] : text;

    /// <summary>"a milk carton", "an egg tray"; a name ending in s is taken as plural ("pills", "glasses").</summary>
    private static string Article(string name)
    {
        var lower = LowerFirst(name);
        return lower.EndsWith('s') ? lower : ("aeiou".Contains(char.ToLowerInvariant(lower[0])) ? "an " : "a ") + lower;
    }
}
