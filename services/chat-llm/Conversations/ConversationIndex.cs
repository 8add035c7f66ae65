using Dapr.Client;
using Growbin.ChatLlm.State;
using Growbin.Contracts;
using Microsoft.Extensions.Options;

namespace Growbin.ChatLlm.Conversations;

/// <summary>
/// Each user's conversation ids under <c>chat|user|{userId}</c>, so a deleted account's conversations can be
/// forgotten at once instead of lingering until their TTL. The index lives as long as the newest conversation
/// (its TTL restarts on every add) and keeps the newest <see cref="MaxIds"/> ids; a conversation past that, or one
/// whose add lost every race, is not forgotten early but still expires on its own.
/// </summary>
public sealed class ConversationIndex(DaprClient dapr, IOptions<ChatOptions> options, ILogger<ConversationIndex> logger)
{
    public const string KeyPrefix = "chat|user|";

    public const int MaxIds = 1000;

    private const int MaxAddAttempts = 8;

    public static string KeyFor(string userId) => KeyPrefix + userId;

    public async Task AddAsync(string userId, string conversationId, CancellationToken cancellationToken)
    {
        var key = KeyFor(userId);
        if (!await StateUpdate.TryAsync<UserConversations?>(dapr, key,
                index => new UserConversations([.. (index?.Ids ?? []).Append(conversationId).TakeLast(MaxIds)]),
                ConversationStore.TtlMetadata(options.Value), MaxAddAttempts, cancellationToken))
        {
            logger.LogWarning(
                "Conversation {ConversationId} of {UserId} is not in the user's index; it will only expire, not be forgotten on deletion.",
                conversationId, userId);
        }
    }

    /// <summary>Deletes every indexed conversation of the user, then the index. Safe to repeat.</summary>
    public async Task ForgetUserAsync(string userId, CancellationToken cancellationToken)
    {
        var key = KeyFor(userId);
        var index = await dapr.GetStateAsync<UserConversations?>(DaprComponents.StateStore, key, cancellationToken: cancellationToken);
        // One transaction: Redis runs it as MULTI/EXEC without rollback (contrib state/redis/redis.go Multi), but a delete
        // without ETag is never refused there, so the conversations and the index go together; a repeat is harmless.
        var deletes = (index?.Ids ?? []).Select(ConversationStore.KeyFor).Append(key)
            .Select(k => new StateTransactionRequest(k, null, StateOperationType.Delete)).ToList();
        await dapr.ExecuteStateTransactionAsync(DaprComponents.StateStore, deletes, cancellationToken: cancellationToken);
    }
}
