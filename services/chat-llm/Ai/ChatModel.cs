using Growbin.Ai;
using Microsoft.Extensions.Options;
using OpenAI.Chat;

namespace Growbin.ChatLlm.Ai;

/// <summary>
/// The chat model: the shared <see cref="OpenAiChatClientSource"/> (key from configuration or the Dapr secret store,
/// kept once found, no SDK retries) under the name the chat handlers use, plus the price of a call.
/// </summary>
public sealed class ChatModel(OpenAiChatClientSource source, IOptions<OpenAiOptions> options)
{
    public string Model => source.Model;

    /// <summary>The client, or null when no API key is configured anywhere (chat answers 503 <c>ai-unavailable</c>).</summary>
    public Task<ChatClient?> GetClientAsync(CancellationToken cancellationToken) => source.GetClientAsync(cancellationToken);

    /// <summary>USD of one call at <c>OpenAI:Pricing</c>; null when the model has no price.</summary>
    public decimal? CostOf(long inputTokens, long outputTokens) => options.Value.Pricing.CostOf(inputTokens, outputTokens);
}
