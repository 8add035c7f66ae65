namespace Growbin.Knowledge;

/// <summary>A frequently asked disposal question with a short answer written by us (data/faq.json).</summary>
/// <param name="Id">Stable kebab-case ASCII id; never reused.</param>
/// <param name="Question">The question as a person would ask it, in Korean.</param>
/// <param name="Answer">One to four Korean sentences.</param>
/// <param name="ItemIds">Items the answer is about (may be empty).</param>
/// <param name="CategoryIds">Categories the answer sends things to or talks about (may be empty).</param>
/// <param name="SourceIds">Where the facts come from; at least one.</param>
/// <param name="QuestionEn">The question in English.</param>
/// <param name="AnswerEn">The answer in English.</param>
public sealed record FaqEntry(
    string Id,
    string Question,
    string Answer,
    IReadOnlyList<string> ItemIds,
    IReadOnlyList<string> CategoryIds,
    IReadOnlyList<string> SourceIds,
    string QuestionEn,
    string AnswerEn);
