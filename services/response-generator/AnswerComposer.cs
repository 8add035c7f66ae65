using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Growbin.Contracts.Pipeline;
using Growbin.ResponseGenerator.Korean;
using Microsoft.Extensions.Options;
using static Growbin.ResponseGenerator.Korean.KoreanParticles;

namespace Growbin.ResponseGenerator;

/// <summary>
/// The answer to a scan, in 해요체 (or in English, <see cref="EnglishAnswers"/>, when the rule is), from the dataset's
/// rule alone: no model call, no clock, no state, so the same request always gives the same answer. A confident item
/// rule is stated; otherwise the answer says what the thing might be and asks which one it is, or asks for a retake
/// when even that is a guess. A region's own rule says whose it is, with the national rule after it.
/// </summary>
public sealed partial class AnswerComposer(IOptions<RespondOptions> options)
{
    private const int MaxChoices = 4;
    private const int MaxQuotedQuestionLength = 40;

    // Where a category's "where" names a bin or a bag, the summary says "…에 버려요"; otherwise (a visit to book, a
    // sticker to buy) it names the category: "대형폐기물로 배출해요".
    private static readonly string[] Containers = ["수거함", "봉투", "마대", "용기", "자루"];

    private static readonly string[] RetakeTips =
    [
        "한 번에 물건 하나만 화면 가운데에 나오게 찍어 주세요.",
        "밝은 곳에서 그림자나 빛 반사 없이 찍어 주세요.",
        "라벨이나 분리배출 표시가 있으면 함께 보이게 찍어 주세요.",
    ];

    private const string LocalRulesLine = "시·군·구마다 배출 규칙이 조금씩 달라요. 버리기 전에 사는 곳의 시·군·구(구청·주민센터) 안내를 확인해 주세요.";

    private readonly RespondOptions _options = options.Value;

    public ScanAnswer Compose(RespondRequest request)
    {
        var rule = request.Rule;
        var english = string.Equals(rule.Language, EnglishAnswers.Language, StringComparison.OrdinalIgnoreCase);
        var confidence = request.Classification.Confidence;
        var hedged = rule.LowConfidence || rule.Match == RuleMatch.Category || rule.Item is null || confidence < _options.ConfidenceThreshold;
        if (!hedged)
        {
            return english ? EnglishAnswers.Confident(request) : Confident(request);
        }

        var choices = Choices(rule);
        if (confidence < _options.RetakeThreshold || choices.Count == 0)
        {
            return english ? EnglishAnswers.Retake(request, choices) : Retake(request, choices);
        }

        return english ? EnglishAnswers.Clarify(request, choices) : Clarify(request, choices);
    }

    /// <summary>What to choose from: the guessed item first, then the rule's alternatives.</summary>
    internal static IReadOnlyList<RuleItem> Choices(DisposalRule rule)
    {
        IEnumerable<RuleItem> guessed = rule.Match == RuleMatch.Item && rule.Item is { } item ? [item] : [];
        return guessed.Concat(rule.Alternatives).DistinctBy(c => c.Id).Take(MaxChoices).ToList();
    }

    private static ScanAnswer Confident(RespondRequest request)
    {
        var rule = request.Rule;
        var item = rule.Item!;
        var steps = rule.Steps.Select(Sentence).ToList();
        var cautions = rule.Cautions.Select(Sentence).ToList();

        // "이 우유팩은": the photo's condition moved this one, not every milk carton, to another bin.
        var subject = rule.AppliedException is null ? item.NameKo : "이 " + item.NameKo;
        var summary = $"{Topic(subject)} {Destination(rule.Category)}.";

        var message = new MessageBuilder();
        message.Block(summary);
        message.Block(RegionLine(rule));
        if (rule.AppliedException is { } applied)
        {
            message.Block(AppliedExceptionLine(applied));
        }

        message.Numbered("버리는 방법:", steps);
        message.Bulleted("주의:", cautions);
        message.Block(rule.OtherExceptions.Select(e => ExceptionSentence(e, asIf: true)));
        message.Block(PlaceLines(rule));
        AppendNational(message, rule);
        AppendCommonEnd(message, rule, request.Question);

        return new ScanAnswer(
            NeedsClarification: false, summary, message.ToString(), item.Id, item.NameKo, rule.Category, steps, cautions,
            rule.DropOff, rule.LocalRulesDiffer, ClarifyingQuestion: null, rule.Alternatives);
    }

    private static ScanAnswer Clarify(RespondRequest request, IReadOnlyList<RuleItem> choices)
    {
        var rule = request.Rule;
        var steps = rule.Steps.Select(Sentence).ToList();
        var question = choices.Count == 1
            ? $"{Subject(choices[0].NameKo)} 맞나요? 아니라면 무엇인지 알려 주시거나 다시 찍어 주세요."
            : $"어떤 물건인가요? {string.Join(", ", choices.Select(c => c.NameKo))} 중에서 골라 주세요. 목록에 없으면 다시 찍어 주세요.";

        var message = new MessageBuilder();
        if (rule.Item is { } item && rule.Match == RuleMatch.Item)
        {
            // A guess at the item: its rule is offered on condition ("맞다면"), never as the answer.
            var cautions = rule.Cautions.Select(Sentence).ToList();
            var summary = $"{item.NameKo}처럼 보여요. 다만 확실하지는 않아요.";
            message.Block(summary);
            message.Block(question);
            message.Block(RegionLine(rule));
            if (rule.AppliedException is { } applied)
            {
                message.Block(AppliedExceptionLine(applied));
            }

            message.Numbered($"{Subject(item.NameKo)} 맞다면 이렇게 버려요:", steps);
            message.Bulleted("주의:", cautions);
            message.Block(rule.OtherExceptions.Select(e => ExceptionSentence(e, asIf: true)));
            message.Block(PlaceLines(rule));
            AppendNational(message, rule);
            AppendCommonEnd(message, rule, request.Question);
            return new ScanAnswer(
                NeedsClarification: true, summary, message.ToString(), item.Id, item.NameKo, rule.Category, steps, cautions,
                rule.DropOff, rule.LocalRulesDiffer, question, choices);
        }

        var categorySummary = $"{Direction(rule.Category.NameKo)} 버리는 물건처럼 보여요. 정확히 무엇인지는 확실하지 않아요.";
        message.Block(categorySummary);
        message.Block(question);
        message.Numbered($"참고로 {rule.Category.NameKo}의 일반적인 배출 방법이에요(물건마다 다를 수 있어요):", steps);
        message.Block("보통 버리는 곳: " + rule.Category.Where);
        AppendCommonEnd(message, rule: null, request.Question);
        return new ScanAnswer(
            NeedsClarification: true, categorySummary, message.ToString(), ItemId: null, request.Classification.ItemName.Trim(),
            rule.Category, steps, Cautions: [], DropOff: null, LocalRulesDiffer: false, question, choices);
    }

    private static ScanAnswer Retake(RespondRequest request, IReadOnlyList<RuleItem> choices)
    {
        // Nothing here is stated as the rule: the guess is too weak to put anyone's waste in a bin by it.
        const string Summary = "사진만으로는 어떤 물건인지 잘 모르겠어요.";
        const string Question = "물건 하나만 나오게, 밝은 곳에서 다시 찍어 주세요.";

        var message = new MessageBuilder();
        message.Block(Summary, Question);
        message.Bulleted("다시 찍을 때 팁:", RetakeTips);
        if (choices.Count > 0)
        {
            message.Block($"혹시 {string.Join(", ", choices.Select(c => c.NameKo))} 중 하나라면 채팅으로 알려 주셔도 돼요.");
        }

        AppendCommonEnd(message, rule: null, request.Question);
        return new ScanAnswer(
            NeedsClarification: true, Summary, message.ToString(), request.Rule.Item?.Id,
            request.Rule.Item?.NameKo ?? request.Classification.ItemName.Trim(), request.Rule.Category, Steps: [], Cautions: [],
            DropOff: null, LocalRulesDiffer: false, Question, choices);
    }

    /// <summary>"서울특별시 기준 안내예요." when the rule is the region's own.</summary>
    private static string RegionLine(DisposalRule rule) =>
        rule.Scope == RuleScopes.Local && rule.Region is { } region ? $"{region} 기준 안내예요." : "";

    /// <summary>Beside a region's own rule, what applies elsewhere.</summary>
    private static void AppendNational(MessageBuilder message, DisposalRule rule)
    {
        if (rule.National is { } national)
        {
            message.Numbered($"다른 지역(전국 기준)에서는 {Destination(national.Category)}:", national.Steps.Select(Sentence).ToList());
            if (national.DropOff is { } dropOff)
            {
                message.Block("전국 기준으로 가져갈 곳: " + dropOff);
            }
        }
    }

    /// <summary>
    /// With the national rule of an item whose rule differs by region: the check-your-district line and the other rule.
    /// A region's own rule needs neither. <paramref name="rule"/> is null where no item rule was stated.
    /// </summary>
    private static void AppendCommonEnd(MessageBuilder message, DisposalRule? rule, string? question)
    {
        if (rule is { LocalRulesDiffer: true, Scope: not RuleScopes.Local })
        {
            message.Block(rule.LocalNote is { } note ? [LocalRulesLine, "지역에 따라: " + note] : [LocalRulesLine]);
        }

        if (Quoted(question) is { } quoted)
        {
            message.Block($"“{quoted}”라고 물어보셨죠? 위 안내로 부족하면 채팅에서 이어서 물어봐 주세요. 자세히 답해 드릴게요.");
        }
    }

    private static string AppliedExceptionLine(RuleException applied)
    {
        var seen = applied.Condition switch
        {
            ItemConditions.Contaminated => "사진에서 씻어 내기 어려운 오염이 보여서",
            ItemConditions.Broken => "사진에서 깨진 것처럼 보여서",
            ItemConditions.Wet => "사진에서 젖었거나 곰팡이가 핀 것처럼 보여서",
            ItemConditions.WornOut => "사진에서 많이 낡은 것처럼 보여서",
            _ => "사진에서 보이는 상태 때문에",
        };
        return $"{seen} 이렇게 안내했어요. {ExceptionSentence(applied, asIf: false)}";
    }

    /// <summary>
    /// "만약 기름이 씻기지 않으면 지자체 종량제 봉투에 버려요." or, for a part, "단, 뼈는 … 버려요." Applied, it is said as what
    /// happened: no "만약", no "단".
    /// </summary>
    private static string ExceptionSentence(RuleException exception, bool asIf)
    {
        var destination = Destination(exception.Category);
        if (PoliteSpeech.TryToConditional(exception.When, out var conditional, out var note))
        {
            return $"{(asIf ? "만약 " : "")}{conditional} {destination}{Note(note)}.";
        }

        var (part, partNote) = PoliteSpeech.SplitTrailingNote(exception.When.Trim());
        return $"{(asIf ? "단, " : "")}{Topic(part)} {destination}{Note(partNote)}.";
    }

    private static string Note(string note) => note.Length == 0 ? "" : " " + note.Trim();

    private static string Destination(RuleCategory category) =>
        Place(category) is { } place ? $"{place}에 버려요" : $"{Direction(category.NameKo)} 배출해요";

    /// <summary>The bin or bag of the category's "where", without its notes, when it names one.</summary>
    private static string? Place(RuleCategory category)
    {
        var where = Parenthesis().Replace(category.Where, "");
        where = where.Split(',')[0].Split(" 또는 ")[0].Trim();
        return Containers.Any(c => where.EndsWith(c, StringComparison.Ordinal)) ? where : null;
    }

    private static IEnumerable<string> PlaceLines(DisposalRule rule)
    {
        if (rule.DropOff is { } dropOff)
        {
            yield return "가져갈 곳: " + dropOff;
        }
        else if (Place(rule.Category) != rule.Category.Where)
        {
            // The summary named the bin; its notes (what if there is none, deposits) are worth a line.
            yield return "버리는 곳: " + rule.Category.Where;
        }
    }

    private static string Sentence(string plain) => PoliteSpeech.TryToHaeyo(plain, out var polite) ? polite + "." : plain.Trim();

    /// <summary>The person's question on one line, shortened to a quotable length by whole characters.</summary>
    internal static string? Quoted(string? question)
    {
        if (string.IsNullOrWhiteSpace(question))
        {
            return null;
        }

        var text = Whitespace().Replace(question.Trim(), " ");
        var elements = StringInfo.GetTextElementEnumerator(text);
        var builder = new StringBuilder();
        var count = 0;
        while (elements.MoveNext())
        {
            if (count++ == MaxQuotedQuestionLength)
            {
                return builder.ToString().TrimEnd() + "…";
            }

            builder.Append(elements.GetTextElement());
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"\s*\([^()]*\)")]
    private static partial Regex Parenthesis();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
