namespace Growbin.Contracts.Pipeline;

/// <summary>
/// Output of <c>respond</c> and the result of a scan: the answer in Korean or English (<see cref="Language"/>), composed from the dataset's rule without a
/// second model call. When <see cref="NeedsClarification"/> is set the answer does not state a rule as fact; it asks
/// <see cref="ClarifyingQuestion"/> (or for a retake) and lists <see cref="Alternatives"/> to choose from.
/// </summary>
/// <param name="Summary">One line, e.g. "우유팩은 종이팩 전용 수거함에 버려요." (the <c>scan-completed</c> summary).</param>
/// <param name="Message">The whole answer as text: the summary, numbered steps, cautions, where to take it.</param>
public sealed record ScanAnswer(
    bool NeedsClarification,
    string Summary,
    string Message,
    string? ItemId,
    string ItemName,
    RuleCategory Category,
    IReadOnlyList<string> Steps,
    IReadOnlyList<string> Cautions,
    string? DropOff,
    bool LocalRulesDiffer,
    string? ClarifyingQuestion,
    IReadOnlyList<RuleItem> Alternatives,
    string Language = "ko");
