namespace Growbin.ChatLlm.Conversations;

/// <summary>An append lost the ETag race every time it was retried; the turn was not stored.</summary>
public sealed class ConversationConflictException(string conversationId, int attempts)
    : Exception($"Conversation {conversationId} changed under every one of {attempts} append attempts.")
{
    public string ConversationId { get; } = conversationId;
}
