using Growbin.ChatLlm.Conversations;

namespace Growbin.ChatLlm.Responses;

/// <summary>A conversation as its owner reads it: the remembered turns, oldest first (the owner id is not echoed).</summary>
public sealed record ConversationResponse(
    string ConversationId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<ConversationTurn> Turns)
{
    public static ConversationResponse From(Conversation conversation) =>
        new(conversation.Id, conversation.CreatedAt, conversation.UpdatedAt, conversation.Turns);
}
