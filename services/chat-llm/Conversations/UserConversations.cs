namespace Growbin.ChatLlm.Conversations;

/// <summary>What <see cref="ConversationIndex"/> keeps per user: the ids of their conversations, oldest first.</summary>
public sealed record UserConversations(IReadOnlyList<string> Ids);
