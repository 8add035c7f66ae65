using Growbin.Ai;
using Growbin.Ai.Budget;
using Growbin.ChatLlm.Ai;
using Growbin.ChatLlm.Chat;
using Growbin.ChatLlm.CostGuard;
using Growbin.ServiceDefaults.Telemetry;
using Growbin.ServiceDefaults.Users;
using Growbin.ChatLlm.Conversations;
using Growbin.ChatLlm.Grounding;
using Growbin.Knowledge;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Growbin.ChatLlm;

/// <summary>chat-llm's own registrations, kept out of Program.cs.</summary>
public static class Extensions
{
    /// <summary>The <c>Chat</c> options (checked before the app starts), the model, the cost guard and the conversation store.</summary>
    public static IServiceCollection AddChatLlm(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<ChatOptions>()
            .BindConfiguration(ChatOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<ConversationStore>();
        services.AddSingleton<ConversationIndex>();
        // A small model is enough to answer from the grounding block (ARCHITECTURE §8); its prices are in appsettings.json.
        services.AddOpenAi(o =>
        {
            o.Model = "gpt-4o-mini";
            o.Timeout = TimeSpan.FromSeconds(60);
            o.MaxOutputTokens = 400;
        });
        services.AddAiBudgetClient();
        services.TryAddSingleton(KnowledgeBase.Default);
        services.AddSingleton<ItemMatcher>();
        services.AddSingleton<ChatGrounding>();
        services.AddSingleton<ChatModel>();
        services.AddSingleton<ScanLookup>();
        services.AddUserRegionLookup();
        services.AddSingleton<ChatMessageLimiter>();
        services.AddSingleton<ChatTokenQuota>();
        services.AddSingleton<ChatAssistant>();
        services.AddSingleton<Apis.ChatSocketAccess>();
        services.AddSingleton<AiMetrics>();
        return services;
    }
}
