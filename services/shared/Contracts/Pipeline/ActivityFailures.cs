namespace Growbin.Contracts.Pipeline;

/// <summary>
/// Why an activity refuses its input for good: the slug of the <see cref="StepFailure.Type"/>
/// (<c>https://api.growbin.app/problems/{slug}</c>). The scan fails at once with it.
/// </summary>
public static class ActivityFailures
{
    public const string InvalidStepInput = "invalid-step-input";
    public const string NotAnImage = "not-an-image";
    public const string ImageTooLarge = "image-too-large";
    public const string RawUploadMissing = "raw-upload-missing";
    public const string AiUnavailable = "ai-unavailable";
    public const string AiBudgetExhausted = "ai-budget-exhausted";
    public const string AiRejected = "ai-rejected";
    public const string ContentRefused = "content-refused";
    public const string UnknownClassification = "unknown-classification";
}
