using Growbin.ChatLlm.Conversations;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Growbin.ChatLlm;

/// <summary>chat-llm's own registrations, kept out of Program.cs.</summary>
public static class Extensions
{
    public static IHostApplicationBuilder AddChatLlmServices(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<ChatOptions>()
            .BindConfiguration(ChatOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ConversationStore>();
        return builder;
    }
}
