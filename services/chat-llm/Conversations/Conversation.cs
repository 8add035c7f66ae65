namespace Growbin.ChatLlm.Conversations;

/// <summary>A conversation as stored under <c>chat|conversation|{id}</c>: its owner and its last turns, oldest first.</summary>
public sealed record Conversation(
    string Id,
    string UserId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<ConversationTurn> Turns)
{
    public bool BelongsTo(string userId) => string.Equals(UserId, userId, StringComparison.Ordinal);
}
