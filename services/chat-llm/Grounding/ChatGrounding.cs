using System.Text.Json;
using System.Text.RegularExpressions;
using Growbin.ChatLlm.Conversations;
using Growbin.Knowledge;

namespace Growbin.ChatLlm.Grounding;

/// <summary>
/// Picks the knowledge items for a message (<see cref="ItemMatcher"/> over the message, then the items the previous
/// answers cited) and the FAQ entries about them, writes them into the system prompt as one compact JSON block with
/// their ids, and reads the <c>[item:id]</c> tags the model is told to cite with. The prompt and the knowledge are in
/// the answer's language, and each item's rule is the person's region's own when it has one (marked, with the national
/// rule beside it), as rule-retriever gives it for a scan.
/// </summary>
public sealed partial class ChatGrounding(KnowledgeBase knowledge, ItemMatcher matcher)
{
    public const int MaxMatchedItems = 5;
    public const int MaxItems = 8;
    public const int MaxFaq = 4;

    /// <summary>The refusal rule, kept as one sentence so tests can find it in the prompt.</summary>
    public const string RefusalInstruction =
        "분리배출·재활용·폐기물 처리와 관계없는 질문이나 위험하거나 부적절한 요청에는 답하지 말고, 한두 문장으로 정중히 거절한 뒤 버리는 방법에 관한 질문을 해 달라고 안내하세요.";

    /// <summary>The refusal rule of an English prompt.</summary>
    public const string RefusalInstructionEn =
        "Do not answer questions unrelated to sorting, recycling or waste disposal, or requests that are dangerous or inappropriate: decline politely in one or two sentences and invite a question about how to put something out.";

    /// <summary>Introduces the scan block, so a question like "이거 뚜껑은요?" is read as being about the photo.</summary>
    public const string ScanInstruction = "사용자가 방금 찍은 사진의 분석 결과예요. '이거', '이 물건'은 이 품목을 가리켜요.";

    /// <summary>The scan block's introduction in an English prompt.</summary>
    public const string ScanInstructionEn = "This is the analysis of the photo the user just took. 'This' or 'it' means this item.";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <param name="scan">The scan the question is about, when there is one: its item comes first.</param>
    /// <param name="language">The answer's language: the prompt's, and the knowledge's texts.</param>
    /// <param name="region">Where the person lives, whose own rules come first; null for the national rules.</param>
    public GroundedPrompt For(
        string message, IReadOnlyList<ConversationTurn> history, ScanView? scan = null, TextLanguage language = TextLanguage.Ko, RegionName? region = null)
    {
        var items = new List<Item>();
        if ((scan?.Result?.Answer.ItemId ?? scan?.Result?.Classification.ItemId) is { } scannedId && knowledge.FindItem(scannedId) is { } scanned)
        {
            AddItem(items, scanned);
        }

        foreach (var candidate in matcher.Match(message, MaxMatchedItems).Candidates)
        {
            AddItem(items, candidate.Item);
        }

        // Follow-ups ("뚜껑은요?") lean on what was already being talked about: newest answers first.
        foreach (var turn in history.Reverse())
        {
            foreach (var id in turn.Citations ?? [])
            {
                if (knowledge.FindItem(id) is { } cited)
                {
                    AddItem(items, cited);
                }
            }
        }

        var ids = items.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        var faq = knowledge.Faq.Where(f => f.ItemIds.Any(ids.Contains)).Take(MaxFaq).ToList();
        return new GroundedPrompt(items, faq, BuildPrompt(items, faq, scan, language, region));
    }

    /// <summary>The item ids tagged <c>[item:id]</c> in <paramref name="reply"/> that exist, in order of first use.</summary>
    public IReadOnlyList<Item> Citations(string reply)
    {
        var cited = new List<Item>();
        foreach (Match match in ItemTag().Matches(reply))
        {
            if (knowledge.FindItem(match.Groups[1].Value) is { } item && !cited.Contains(item))
            {
                cited.Add(item);
            }
        }

        return cited;
    }

    private static void AddItem(List<Item> items, Item item)
    {
        if (items.Count < MaxItems && !items.Exists(i => i.Id == item.Id))
        {
            items.Add(item);
        }
    }

    private string BuildPrompt(IReadOnlyList<Item> items, IReadOnlyList<FaqEntry> faq, ScanView? scan, TextLanguage language, RegionName? region)
    {
        var en = language == TextLanguage.En;
        var block = new
        {
            region = region?.ToString(),
            items = items.Select(i => Grounded(i, region, language)),
            faq = faq.Select(f => new { q = f.QuestionIn(language), a = f.AnswerIn(language), itemIds = f.ItemIds }),
        };
        var example = items.FirstOrDefault()?.Id ?? "paper-cup";
        var header = en
            ? $"""
              You are Growbin, an assistant for sorting waste under Korean rules. Always answer in English, briefly and kindly.
              Answer only from the KNOWLEDGE below. Where it has no answer, say that rules differ by district and to check with the district office or community centre.
              An item's rule marked "local" is the rule where the user lives: give it first, and mention the "national" rule only as what applies elsewhere.
              Mark each item you used at the end of its sentence as [item:id] (e.g. [item:{example}]). Never use an id that is not in KNOWLEDGE.
              {RefusalInstructionEn}
              """
            : $"""
              당신은 한국의 분리배출 도우미 '그로빈'이에요. 항상 한국어 해요체로 짧고 친절하게 답하세요.
              아래 KNOWLEDGE의 내용만 근거로 답하고, 근거가 없으면 지역마다 다를 수 있으니 구청·주민센터에 확인하라고 말하세요.
              품목의 rule이 "local"이면 사용자가 사는 지역의 규칙이니 먼저 안내하고, "national" 규칙은 다른 지역의 기준으로만 덧붙이세요.
              답에 사용한 품목은 문장 끝에 [item:품목id] 형식으로 표시하세요 (예: [item:{example}]). KNOWLEDGE에 없는 id는 쓰지 마세요.
              {RefusalInstruction}
              """;

        return $"""
            {header}
            KNOWLEDGE:
            {JsonSerializer.Serialize(block, Json)}
            {ScanSection(scan, language)}
            """;
    }

    /// <summary>An item as the model reads it: its rule where the person lives, in the answer's language.</summary>
    private object Grounded(Item item, RegionName? region, TextLanguage language)
    {
        var rule = knowledge.RuleFor(item, region);
        var local = rule.Scope == RuleScope.Local;
        return new
        {
            id = item.Id,
            name = item.Name(language),
            nameKo = language == TextLanguage.En ? item.NameKo : null,
            rule = local ? $"local ({rule.RegionNameIn(language)})" : "national",
            category = CategoryName(rule.CategoryId, language),
            steps = rule.StepsIn(language),
            cautions = rule.CautionsIn(language),
            exceptions = item.Exceptions.Select(e => new { when = e.WhenIn(language), category = CategoryName(e.CategoryId, language) }),
            dropOff = rule.DropOffIn(language),
            national = local
                ? new { category = CategoryName(item.CategoryId, language), steps = item.StepsIn(language), dropOff = item.DropOffIn(language) }
                : null,
            localRulesDiffer = item.LocalRulesDiffer,
            localNote = local ? null : item.LocalNoteIn(language),
        };
    }

    private string CategoryName(string id, TextLanguage language) => knowledge.FindCategory(id)?.Name(language) ?? id;

    /// <summary>The scan the user asks about, as the pipeline answered it; empty without one.</summary>
    private static string ScanSection(ScanView? scan, TextLanguage language)
    {
        if (scan is null)
        {
            return "";
        }

        var instruction = language == TextLanguage.En ? ScanInstructionEn : ScanInstruction;
        if (scan.Result is not { } result)
        {
            var wait = language == TextLanguage.En
                ? "(There is no result yet: tell the user to ask again once the photo has been analysed.)"
                : "(아직 결과가 없으니 사진 분석이 끝나면 다시 물어보라고 안내하세요.)";
            return $"{instruction} SCAN: {JsonSerializer.Serialize(new { status = scan.Status }, Json)} {wait}";
        }

        var answer = result.Answer;
        var seen = new
        {
            status = scan.Status,
            itemId = answer.ItemId,
            itemName = answer.ItemName,
            category = language == TextLanguage.En ? answer.Category.NameEn : answer.Category.NameKo,
            condition = result.Classification.Condition,
            materials = result.Classification.Materials,
            confidence = Math.Round(result.Classification.Confidence, 2),
            needsClarification = answer.NeedsClarification,
            summary = answer.Summary,
        };
        return $"{instruction} SCAN: {JsonSerializer.Serialize(seen, Json)}";
    }

    [GeneratedRegex(@"\[item:([a-z0-9][a-z0-9-]*)\]")]
    private static partial Regex ItemTag();
}
