using System.Text.Json;
using System.Text.RegularExpressions;
using Growbin.ChatLlm.Conversations;
using Growbin.Knowledge;

namespace Growbin.ChatLlm.Grounding;

/// <summary>
/// Picks the knowledge items for a message (<see cref="ItemMatcher"/> over the message, then the items the previous
/// answers cited) and the FAQ entries about them, writes them into the system prompt as one compact JSON block with
/// their ids, and reads the <c>[item:id]</c> tags the model is told to cite with.
/// </summary>
public sealed partial class ChatGrounding(KnowledgeBase knowledge, ItemMatcher matcher)
{
    public const int MaxMatchedItems = 5;
    public const int MaxItems = 8;
    public const int MaxFaq = 4;

    /// <summary>The refusal rule, kept as one sentence so tests can find it in the prompt.</summary>
    public const string RefusalInstruction =
        "분리배출·재활용·폐기물 처리와 관계없는 질문이나 위험하거나 부적절한 요청에는 답하지 말고, 한두 문장으로 정중히 거절한 뒤 버리는 방법에 관한 질문을 해 달라고 안내하세요.";

    /// <summary>Introduces the scan block, so a question like "이거 뚜껑은요?" is read as being about the photo.</summary>
    public const string ScanInstruction = "사용자가 방금 찍은 사진의 분석 결과예요. '이거', '이 물건'은 이 품목을 가리켜요.";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <param name="scan">The scan the question is about, when there is one: its item comes first.</param>
    public GroundedPrompt For(string message, IReadOnlyList<ConversationTurn> history, ScanView? scan = null)
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
        return new GroundedPrompt(items, faq, BuildPrompt(items, faq, scan));
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

    private string BuildPrompt(IReadOnlyList<Item> items, IReadOnlyList<FaqEntry> faq, ScanView? scan)
    {
        var block = new
        {
            items = items.Select(i => new
            {
                id = i.Id,
                name = i.NameKo,
                category = knowledge.FindCategory(i.CategoryId)?.NameKo ?? i.CategoryId,
                steps = i.Steps,
                cautions = i.Cautions,
                exceptions = i.Exceptions.Select(e => new { when = e.When, category = knowledge.FindCategory(e.CategoryId)?.NameKo ?? e.CategoryId }),
                dropOff = i.DropOff,
                localRulesDiffer = i.LocalRulesDiffer,
            }),
            faq = faq.Select(f => new { q = f.Question, a = f.Answer, itemIds = f.ItemIds }),
        };

        return $"""
            당신은 한국의 분리배출 도우미 '그로빈'이에요. 항상 한국어 해요체로 짧고 친절하게 답하세요.
            아래 KNOWLEDGE의 내용만 근거로 답하고, 근거가 없으면 지역마다 다를 수 있으니 구청·주민센터에 확인하라고 말하세요.
            답에 사용한 품목은 문장 끝에 [item:품목id] 형식으로 표시하세요 (예: [item:{items.FirstOrDefault()?.Id ?? "paper-cup"}]). KNOWLEDGE에 없는 id는 쓰지 마세요.
            {RefusalInstruction}
            KNOWLEDGE:
            {JsonSerializer.Serialize(block, Json)}
            {ScanSection(scan)}
            """;
    }

    /// <summary>The scan the user asks about, as the pipeline answered it; empty without one.</summary>
    private static string ScanSection(ScanView? scan)
    {
        if (scan is null)
        {
            return "";
        }

        if (scan.Result is not { } result)
        {
            return $"{ScanInstruction} SCAN: {JsonSerializer.Serialize(new { status = scan.Status }, Json)} (아직 결과가 없으니 사진 분석이 끝나면 다시 물어보라고 안내하세요.)";
        }

        var answer = result.Answer;
        var seen = new
        {
            status = scan.Status,
            itemId = answer.ItemId,
            itemName = answer.ItemName,
            category = answer.Category.NameKo,
            condition = result.Classification.Condition,
            materials = result.Classification.Materials,
            confidence = Math.Round(result.Classification.Confidence, 2),
            needsClarification = answer.NeedsClarification,
            summary = answer.Summary,
        };
        return $"{ScanInstruction} SCAN: {JsonSerializer.Serialize(seen, Json)}";
    }

    [GeneratedRegex(@"\[item:([a-z0-9][a-z0-9-]*)\]")]
    private static partial Regex ItemTag();
}
