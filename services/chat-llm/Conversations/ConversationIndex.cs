using Dapr.Client;
using Growbin.ChatLlm.State;
using Growbin.Contracts;
using Microsoft.Extensions.Options;

namespace Growbin.ChatLlm.Conversations;

/// <summary>
/// Each user's conversation ids under <c>chat|user|{userId}</c>, so a deleted account's conversations can be
/// forgotten at once instead of lingering until their TTL. The index lives as long as the newest conversation (its TTL
/// restarts on every add) and keeps the newest <see cref="MaxIds"/> ids; a conversation pushed out past that is deleted
/// there and then, so every conversation that exists is on its user's index.
/// </summary>
public sealed class ConversationIndex(DaprClient dapr, IOptions<ChatOptions> options, ILogger<ConversationIndex> logger)
{
    public const string KeyPrefix = "chat|user|";

    public const int MaxIds = 1000;

    private const int MaxAddAttempts = 8;

    public static string KeyFor(string userId) => KeyPrefix + userId;

    /// <summary>
    /// Lists <paramref name="conversationId"/> and deletes the conversations pushed out past <see cref="MaxIds"/>.
    /// Throws when every attempt lost a race: the caller then deletes the conversation rather than keep one no deletion
    /// could find.
    /// </summary>
    public async Task AddAsync(string userId, string conversationId, CancellationToken cancellationToken)
    {
        var key = KeyFor(userId);
        IReadOnlyList<string> evicted = [];
        if (!await StateUpdate.TryAsync<UserConversations?>(dapr, key,
                index =>
                {
                    var ids = (index?.Ids ?? []).Append(conversationId).ToList();
                    evicted = ids.Take(Math.Max(0, ids.Count - MaxIds)).ToList();
                    return new UserConversations([.. ids.Skip(evicted.Count)]);
                },
                ConversationStore.TtlMetadata(options.Value), MaxAddAttempts, cancellationToken))
        {
            throw new InvalidOperationException($"The conversation index of {userId} stayed contended for {MaxAddAttempts} attempts.");
        }

        if (evicted.Count > 0)
        {
            logger.LogInformation("{UserId} has more than {Max} conversations: the oldest {Count} deleted.", userId, MaxIds, evicted.Count);
            await dapr.ExecuteStateTransactionAsync(DaprComponents.StateStore,
                evicted.Select(id => new StateTransactionRequest(ConversationStore.KeyFor(id), null, StateOperationType.Delete)).ToList(),
                cancellationToken: cancellationToken);
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
