using System.ClientModel;
using System.Text.Json;
using Growbin.Ai;
using Growbin.Contracts.Pipeline;
using Growbin.Knowledge;
using Growbin.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Options;
using OpenAI.Chat;

namespace Growbin.VisionAnalyzer.Ai;

/// <summary>
/// One model call per image: the versioned prompt, the photo as a low-detail data-URI part and the strict JSON schema
/// of the dataset's ids. The SDK never retries (the pipeline is the one retry layer) and gives up after the configured
/// network timeout. Every way the call can go wrong ends as a <see cref="VisionCallException"/> saying whether a retry
/// can help; the answer is checked against the dataset before anyone sees it.
/// </summary>
public sealed class VisionClassifier
{
    /// <summary>What <c>rules</c> accepts as an item name.</summary>
    public const int MaxItemNameLength = 100;

    private const int MaxMaterials = 8;
    private const int MaxMaterialLength = 40;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly OpenAiChatClientSource _clients;
    private readonly OpenAiOptions _options;
    private readonly ClassificationSchema _schema;
    private readonly KnowledgeBase _knowledge;

    public VisionClassifier(IOptions<OpenAiOptions> options, ClassificationSchema schema, KnowledgeBase knowledge, OpenAiChatClientSource clients)
    {
        _options = options.Value;
        _schema = schema;
        _knowledge = knowledge;
        _clients = clients;
    }

    /// <summary>
    /// False without an API key — none in configuration (<c>OpenAI:ApiKey</c>) and none in the Dapr secret store
    /// (<c>openai-api-key</c>): nothing can be called, and nothing is made up instead. A key found once is kept; a
    /// missing one is looked for again on the next scan, so adding it needs no restart.
    /// </summary>
    public async Task<bool> IsConfiguredAsync(CancellationToken cancellationToken) => await _clients.GetClientAsync(cancellationToken) is not null;

    public string Model => _options.Model;

    public async Task<VisionAnswer> ClassifyAsync(ReadOnlyMemory<byte> image, string mediaType, CancellationToken cancellationToken)
    {
        var client = await _clients.GetClientAsync(cancellationToken) ?? throw new InvalidOperationException("No OpenAI API key is configured.");
        ChatMessage[] messages =
        [
            new SystemChatMessage(ScanPrompt.System),
            new UserChatMessage(ChatMessageContentPart.CreateImagePart(BinaryData.FromBytes(image), mediaType, ChatImageDetailLevel.Low)),
        ];
        // A fresh options object per call: the SDK writes the messages and model into the one it is given.
        var completionOptions = new ChatCompletionOptions
        {
            ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat(ClassificationSchema.Name, _schema.Json, jsonSchemaIsStrict: true),
            MaxOutputTokenCount = _options.MaxOutputTokens,
        };

        ChatCompletion completion;
        try
        {
            completion = (await client.CompleteChatAsync(messages, completionOptions, cancellationToken)).Value;
        }
        catch (ClientResultException ex)
        {
            throw FromStatus(ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new VisionCallException(VisionFailureKind.Transient, AiCallOutcomes.Timeout,
                $"The model did not answer within {_options.Timeout.TotalSeconds:0.#} s.", innerException: ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw new VisionCallException(VisionFailureKind.Transient, AiCallOutcomes.NetworkError,
                $"The model could not be reached: {ex.Message}", innerException: ex);
        }
        catch (JsonException ex)
        {
            // The HTTP body itself is broken (a proxy, a cut connection): nothing the model said, so worth a retry.
            throw new VisionCallException(VisionFailureKind.Transient, AiCallOutcomes.BadResponse,
                $"The model API's response could not be read: {ex.Message}", innerException: ex);
        }

        var promptTokens = completion.Usage?.InputTokenCount ?? 0;
        var completionTokens = completion.Usage?.OutputTokenCount ?? 0;
        VisionCallException Failed(VisionFailureKind kind, string outcome, string message) =>
            new(kind, outcome, message, promptTokens, completionTokens);

        if (!string.IsNullOrEmpty(completion.Refusal) || completion.FinishReason == ChatFinishReason.ContentFilter)
        {
            throw Failed(VisionFailureKind.Refused, AiCallOutcomes.Refused,
                string.IsNullOrEmpty(completion.Refusal) ? "The provider's content filter stopped the answer." : $"The model refused: {completion.Refusal}");
        }

        if (completion.FinishReason == ChatFinishReason.Length)
        {
            throw Failed(VisionFailureKind.Malformed, AiCallOutcomes.Malformed, "The answer was cut off at the output token limit.");
        }

        var text = string.Concat(completion.Content.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text));
        return ToClassification(text) is { } classification
            ? new VisionAnswer(classification, promptTokens, completionTokens)
            : throw Failed(VisionFailureKind.Malformed, AiCallOutcomes.Malformed, "The answer is not a classification of the dataset's schema.");
    }

    /// <summary>The model's JSON checked against the dataset: an unknown category fails, an unknown item id becomes null.</summary>
    private Classification? ToClassification(string text)
    {
        ModelClassification? reply;
        try
        {
            reply = JsonSerializer.Deserialize<ModelClassification>(text, Json);
        }
        catch (JsonException)
        {
            return null;
        }

        if (reply?.Category is not { } categoryId || _knowledge.FindCategory(categoryId) is null || reply.Confidence is not { } confidence)
        {
            return null;
        }

        var item = reply.ItemId is { } itemId ? _knowledge.FindItem(itemId) : null;
        var name = reply.ItemName?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            if (item is null)
            {
                return null;
            }

            name = item.NameKo;
        }

        var materials = (reply.Materials ?? [])
            .Select(m => m?.Trim())
            .Where(m => !string.IsNullOrEmpty(m) && m.Length <= MaxMaterialLength)
            .Select(m => m!)
            .Distinct(StringComparer.Ordinal)
            .Take(MaxMaterials)
            .ToList();
        var conditions = (reply.Condition ?? []).Where(c => c is not null && ItemConditions.All.Contains(c)).Select(c => c!).Distinct().ToList();

        return new Classification(
            categoryId,
            item?.Id,
            name.Length > MaxItemNameLength ? name[..MaxItemNameLength] : name,
            materials,
            conditions,
            double.IsFinite(confidence) ? Math.Clamp(confidence, 0, 1) : 0);
    }

    private static VisionCallException FromStatus(ClientResultException ex)
    {
        var (kind, outcome) = ex.Status switch
        {
            0 => (VisionFailureKind.Transient, AiCallOutcomes.NetworkError),
            408 => (VisionFailureKind.Transient, AiCallOutcomes.Timeout),
            429 => (VisionFailureKind.Transient, AiCallOutcomes.RateLimited),
            >= 500 => (VisionFailureKind.Transient, AiCallOutcomes.ServerError),
            _ => (VisionFailureKind.Rejected, AiCallOutcomes.Rejected),
        };
        return new VisionCallException(kind, outcome, $"The model API answered {ex.Status}: {ex.Message}", innerException: ex);
    }
}
