namespace Growbin.ResponseGenerator;

/// <summary>When an answer hedges instead of stating a rule (configuration section <c>Respond</c>).</summary>
public sealed class RespondOptions
{
    public const string SectionName = "Respond";

    /// <summary>Below this model confidence the answer asks which item it is instead of stating the item's rule.</summary>
    public double ConfidenceThreshold { get; set; } = 0.6;

    /// <summary>Below this the guess is too weak even to offer choices: the answer asks for a retake.</summary>
    public double RetakeThreshold { get; set; } = 0.3;

    public bool IsValid => RetakeThreshold is >= 0 and <= 1 && ConfidenceThreshold is >= 0 and <= 1 && RetakeThreshold <= ConfidenceThreshold;
}
