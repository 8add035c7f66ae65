using Growbin.ChatLlm.Ai;
using Growbin.ServiceDefaults.Telemetry;
using Growbin.ChatLlm.Conversations;
using Growbin.ChatLlm.Grounding;
using Microsoft.Extensions.Options;

namespace Growbin.ChatLlm.Apis;

/// <summary>What the chat handler needs, bound with <c>[AsParameters]</c>.</summary>
public sealed record ChatServices(
    ConversationStore Conversations,
    ChatGrounding Grounding,
    ChatModel Model,
    AiMetrics Metrics,
    IOptions<ChatOptions> Options,
    TimeProvider Time);
