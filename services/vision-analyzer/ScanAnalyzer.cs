using System.Security.Cryptography;
using Growbin.Ai;
using Growbin.Ai.Budget;
using Growbin.Contracts.Pipeline;
using Growbin.VisionAnalyzer.Ai;
using Growbin.VisionAnalyzer.Cache;
using Growbin.VisionAnalyzer.Images;
using Growbin.ServiceDefaults.Problems;
using Growbin.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Options;

namespace Growbin.VisionAnalyzer;

/// <summary>
/// The <c>analyze</c> step, in the order that spends least: the AI cache (a hit costs nothing), the API key, the image,
/// the daily budget, then the one paid call, whose answer is cached before it is returned.
/// </summary>
public sealed class ScanAnalyzer(
    AiResultCache cache,
    IAiBudget budget,
    ScanImageStore images,
    VisionClassifier classifier,
    AiMetrics metrics,
    IOptions<OpenAiOptions> options,
    TimeProvider time,
    ILogger<ScanAnalyzer> logger)
{
    private const string Purpose = AiMetrics.ScanPurpose;

    /// <exception cref="AnalyzeFailure">The scan gets no analysis now (503) or ever (422).</exception>
    public async Task<Analysis> AnalyzeAsync(AnalyzeRequest request, CancellationToken cancellationToken)
    {
        var model = classifier.Model;
        var cacheKey = AiResultCache.KeyFor(request.ImageSha256, model, ScanPrompt.Version);

        var cached = await Dependency("The AI result cache is unavailable", () => cache.FindAsync(cacheKey, cancellationToken));
        if (cached is not null)
        {
            metrics.CacheHit(Purpose, model);
            return new Analysis(cached.Classification, model, ScanPrompt.Version, FromCache: true, PromptTokens: 0, CompletionTokens: 0);
        }

        if (!await Dependency("The secret store is unavailable", () => classifier.IsConfiguredAsync(cancellationToken)))
        {
            throw AnalyzeFailure.Final(ActivityFailures.AiUnavailable, "No AI model is configured",
                "The analyzer has no OpenAI API key, so it cannot classify the photo.");
        }

        var (image, mediaType) = await ReadImageAsync(request, cancellationToken);

        // One id for this model call: a repeat of the reservation or of its usage record (a retry by the sidecar) counts once.
        var reservationId = AiBudgetReservation.NewId();
        var reservation = await Dependency("The AI budget is unavailable", () => budget.TryReserveAsync(reservationId, 1, cancellationToken));
        if (!reservation.Allowed)
        {
            throw AnalyzeFailure.Final(ActivityFailures.AiBudgetExhausted, "Today's AI budget is spent",
                reservation.Reason ?? "The daily AI budget refuses further calls.");
        }

        VisionAnswer answer;
        try
        {
            answer = await classifier.ClassifyAsync(image, mediaType, cancellationToken);
        }
        catch (VisionCallException ex)
        {
            metrics.CallMade(Purpose, model, ex.Outcome);
            await RecordUsageAsync(reservation.Usage.Day, reservationId, model, ex.PromptTokens, ex.CompletionTokens);
            throw await ToFailureAsync(ex, request, model, cancellationToken);
        }

        metrics.CallMade(Purpose, model, AiCallOutcomes.Ok);
        await RecordUsageAsync(reservation.Usage.Day, reservationId, model, answer.PromptTokens, answer.CompletionTokens);
        await SaveAsync(cacheKey, new CachedClassification(
            answer.Classification, model, ScanPrompt.Version, answer.PromptTokens, answer.CompletionTokens, time.GetUtcNow()));

        return new Analysis(answer.Classification, model, ScanPrompt.Version, FromCache: false, answer.PromptTokens, answer.CompletionTokens);
    }

    private async Task<(ReadOnlyMemory<byte> Image, string MediaType)> ReadImageAsync(AnalyzeRequest request, CancellationToken cancellationToken)
    {
        var image = await Dependency("The image could not be read", () => images.ReadAsync(request.ImageKey, cancellationToken));
        if (ImageMediaType.Of(image.Span) is not { } mediaType)
        {
            throw AnalyzeFailure.Final(ActivityFailures.NotAnImage, "The stored object is not an image",
                $"'{request.ImageKey}' is not a JPEG, PNG, WebP or GIF image.");
        }

        // The hash is the cache key that other people's scans share: never let an image answer for another's hash.
        if (!string.Equals(Convert.ToHexStringLower(SHA256.HashData(image.Span)), request.ImageSha256, StringComparison.Ordinal))
        {
            throw new AnalyzeFailure(StatusCodes.Status400BadRequest, ProblemTypes.For(ActivityFailures.InvalidStepInput),
                "The image does not match its hash", $"The SHA-256 of '{request.ImageKey}' is not {request.ImageSha256}.");
        }

        return (image, mediaType);
    }

    /// <summary>
    /// Malformed JSON is retried once: the first one for an image is a 503, a second one (remembered in state for a
    /// while) is final, so a model that cannot answer the schema for this photo does not burn every pipeline attempt.
    /// </summary>
    private async Task<AnalyzeFailure> ToFailureAsync(VisionCallException ex, AnalyzeRequest request, string model, CancellationToken cancellationToken)
    {
        switch (ex.Kind)
        {
            case VisionFailureKind.Transient:
                return AnalyzeFailure.Transient("The AI model is unavailable", ex.Message, ex);
            case VisionFailureKind.Refused:
                return AnalyzeFailure.Final(ActivityFailures.ContentRefused, "The AI model refused the photo", ex.Message, ex);
            case VisionFailureKind.Rejected:
                logger.LogError(ex, "The model API rejected the request; check the key, model and endpoint.");
                return AnalyzeFailure.Final(ActivityFailures.AiRejected, "The AI model API rejected the request", ex.Message, ex);
            default:
                var malformedKey = AiResultCache.MalformedKeyFor(request.ImageSha256, model, ScanPrompt.Version);
                var again = await Dependency("The AI result cache is unavailable", () => cache.MarkMalformedAsync(malformedKey, cancellationToken));
                logger.LogWarning("The model's answer for {ImageSha256} was malformed ({Again}): {Reason}", request.ImageSha256,
                    again ? "again, giving up" : "first time, retryable", ex.Message);
                return again
                    ? AnalyzeFailure.Final(ActivityFailures.AiRejected, "The AI model keeps answering outside the schema", ex.Message, ex)
                    : AnalyzeFailure.Transient("The AI model answered outside the schema", ex.Message, ex);
        }
    }

    /// <summary>
    /// The call is made and paid for: a failure to record it is logged, never turned into a retry that would pay again.
    /// </summary>
    private async Task RecordUsageAsync(string day, string reservationId, string model, int promptTokens, int completionTokens)
    {
        if (promptTokens == 0 && completionTokens == 0)
        {
            return; // nothing came back, so nothing was billed beyond the reserved call
        }

        var cost = options.Value.Pricing.CostOf(promptTokens, completionTokens);
        metrics.Usage(Purpose, model, promptTokens, completionTokens, cost);
        try
        {
            await budget.RecordUsageAsync(day, reservationId, new AiUsage(promptTokens, completionTokens, cost ?? 0m), CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not add {PromptTokens}+{CompletionTokens} tokens to the AI budget of {Day}.", promptTokens, completionTokens, day);
        }
    }

    /// <summary>
    /// Contract rule 4: cached before the answer goes out. If the store refuses, the answer still goes out (logged):
    /// failing the step would make the pipeline's retry pay for the same photo again.
    /// </summary>
    private async Task SaveAsync(string cacheKey, CachedClassification value)
    {
        try
        {
            await cache.SaveAsync(cacheKey, value, CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not cache the classification under {CacheKey}.", cacheKey);
        }
    }

    private static async Task<T> Dependency<T>(string title, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The sidecar, the store or the actor behind it: all recover on their own, so the pipeline may retry.
            throw AnalyzeFailure.Transient(title, ex.Message, ex);
        }
    }
}
