using Growbin.Contracts.Pipeline;

namespace Growbin.ServiceDefaults.Problems;

/// <summary>
/// What a client may see of a failed scan: a reason code from a fixed list and that code's fixed message. An
/// activity's refusal detail and a failed attempt's exception text (a model API's error body, a connection string,
/// an S3 key) stay in the logs; an unknown code becomes <see cref="ProblemTypes.Internal"/>.
/// </summary>
public static class PublicScanErrors
{
    private static readonly Dictionary<string, string> Messages = new(StringComparer.Ordinal)
    {
        [ProblemTypes.For(ActivityFailures.NotAnImage)] = "The photo could not be read as an image. Send a JPEG, PNG or WebP photo.",
        [ProblemTypes.For(ActivityFailures.ImageTooLarge)] = "The photo is too large to process. Send a smaller photo.",
        [ProblemTypes.For(ActivityFailures.RawUploadMissing)] = "The uploaded photo was no longer there. Send it again.",
        [ProblemTypes.For(ActivityFailures.InvalidStepInput)] = "The scan could not be processed. Send the photo again.",
        [ProblemTypes.For(ActivityFailures.AiUnavailable)] = "Photo analysis is not available right now. Try again later.",
        [ProblemTypes.For(ActivityFailures.AiBudgetExhausted)] = "Today's photo analysis capacity is used up. Try again tomorrow.",
        [ProblemTypes.For(ActivityFailures.AiRejected)] = "The photo could not be analysed. Try another photo.",
        [ProblemTypes.For(ActivityFailures.ContentRefused)] = "This photo cannot be analysed. Try a photo of the item alone.",
        [ProblemTypes.For(ActivityFailures.UnknownClassification)] = "The item in the photo could not be identified. Try another photo.",
        [ProblemTypes.DependencyUnavailable] = "A service the scan needs did not answer. Send the photo again later.",
        [ProblemTypes.Internal] = "The scan failed because of an error on our side. Send the photo again later.",
    };

    /// <summary>The public form of a failure of <paramref name="step"/> with problem type <paramref name="type"/>.</summary>
    public static ScanError For(string? step, string? type)
    {
        var known = type is not null && Messages.ContainsKey(type) ? type : ProblemTypes.Internal;
        return new ScanError(step, known, Messages[known]);
    }

    /// <summary>The same error with only what a client may see (null stays null).</summary>
    public static ScanError? Public(ScanError? error) => error is null ? null : For(error.Step, error.Type);
}
