namespace Growbin.Contracts.Pipeline;

/// <summary>
/// What vision-analyzer saw: the output of <c>analyze</c> and the input of <c>rules</c>. The model is constrained to
/// the knowledge dataset's ids, but <see cref="ItemId"/> may still be absent when it recognised no listed item.
/// </summary>
/// <param name="Category">A category id of the dataset (e.g. <c>paper-pack</c>).</param>
/// <param name="ItemId">An item id of the dataset, when the model picked one.</param>
/// <param name="ItemName">What the model calls the thing, in Korean (e.g. "우유팩").</param>
/// <param name="Materials">Materials it saw (e.g. "paper", "plastic-film").</param>
/// <param name="Condition">State that can change the rule; values from <see cref="ItemConditions"/>.</param>
/// <param name="Confidence">The model's own confidence, 0–1.</param>
public sealed record Classification(
    string Category,
    string? ItemId,
    string ItemName,
    IReadOnlyList<string> Materials,
    IReadOnlyList<string> Condition,
    double Confidence);
