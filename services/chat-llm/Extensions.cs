using Growbin.ChatLlm.Ai;
using Growbin.ServiceDefaults.Telemetry;
using Growbin.ChatLlm.Conversations;
using Growbin.ChatLlm.Grounding;
using Growbin.Knowledge;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Growbin.ChatLlm;

/// <summary>chat-llm's own registrations, kept out of Program.cs.</summary>
public static class Extensions
{
    /// <summary>The <c>Chat</c> options (checked before the app starts) and the conversation store.</summary>
    public static IServiceCollection AddChatLlm(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ChatOptions>()
            .BindConfiguration(ChatOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<ConversationStore>();
        services.AddOptions<OpenAiOptions>().BindConfiguration(OpenAiOptions.SectionName);
        services.TryAddSingleton(KnowledgeBase.Default);
        services.AddSingleton<ItemMatcher>();
        services.AddSingleton<ChatGrounding>();
        services.AddSingleton<ChatModel>();
        services.AddSingleton<AiMetrics>();
        return services;
    }
}
