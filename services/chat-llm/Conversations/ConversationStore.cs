using System.Globalization;
using Dapr.Client;
using Growbin.Contracts;
using Growbin.ServiceDefaults.State;
using Microsoft.Extensions.Options;

namespace Growbin.ChatLlm.Conversations;

/// <summary>
/// Conversation memory in the Dapr state store (ARCHITECTURE §6): one key per conversation holding its last
/// <see cref="ChatOptions.MaxTurns"/> turns, living <see cref="ChatOptions.ConversationTtl"/> after its last write.
/// Appends are ETag-guarded read-modify-writes, retried on conflict, so two messages racing in one conversation
/// both land instead of one overwriting the other.
/// </summary>
public sealed class ConversationStore(DaprClient dapr, ConversationIndex index, IOptions<ChatOptions> options, TimeProvider time)
{
    public const string KeyPrefix = "chat|conversation|";

    /// <summary>Read-modify-write attempts before an append gives up; each conflict means another writer got in.</summary>
    public const int MaxAppendAttempts = 8;

    private const int MaxCreateAttempts = 3;

    public static string KeyFor(string conversationId) => KeyPrefix + conversationId;

    /// <summary>Starts an empty conversation owned by <paramref name="userId"/>.</summary>
    public async Task<Conversation> CreateAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        var now = time.GetUtcNow();
        for (var attempt = 1; attempt <= MaxCreateAttempts; attempt++)
        {
            var conversation = new Conversation(ConversationId.New(), userId, now, now, []);
            // Create-only: a colliding random id (128 bits, so never in practice) draws another id instead of taking over.
            if (await dapr.TryCreateStateAsync(DaprComponents.StateStore, KeyFor(conversation.Id), conversation,
                    TtlMetadata(options.Value), cancellationToken))
            {
                try
                {
                    await index.AddAsync(userId, conversation.Id, cancellationToken);
                }
                catch
                {
                    // Not on the index, a deletion of the account could not find it: it must not stay.
                    await dapr.DeleteStateAsync(DaprComponents.StateStore, KeyFor(conversation.Id), cancellationToken: CancellationToken.None);
                    throw;
                }

                return conversation;
            }
        }

        throw new InvalidOperationException($"No free conversation id after {MaxCreateAttempts} attempts.");
    }

    /// <summary>
    /// The conversation if it exists, has not expired and belongs to <paramref name="userId"/>; otherwise null,
    /// so a caller cannot tell someone else's conversation from one that does not exist.
    /// </summary>
    public async Task<Conversation?> GetAsync(string conversationId, string userId, CancellationToken cancellationToken = default)
    {
        if (!ConversationId.IsValid(conversationId))
        {
            return null;
        }

        var conversation = await dapr.GetStateAsync<Conversation?>(
            DaprComponents.StateStore, KeyFor(conversationId), cancellationToken: cancellationToken);
        return conversation is not null && conversation.BelongsTo(userId) ? conversation : null;
    }

    /// <summary>
    /// Appends <paramref name="turns"/> in order, keeps the newest <see cref="ChatOptions.MaxTurns"/> and restarts
    /// the TTL. Null when the conversation is unknown, expired or not <paramref name="userId"/>'s.
    /// </summary>
    /// <exception cref="ConversationConflictException">Other writers won every one of the attempts.</exception>
    public async Task<Conversation?> AppendAsync(
        string conversationId, string userId, IReadOnlyList<ConversationTurn> turns, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(turns);
        if (turns.Count == 0)
        {
            throw new ArgumentException("At least one turn is needed.", nameof(turns));
        }

        foreach (var turn in turns)
        {
            if (!TurnRoles.IsKnown(turn.Role))
            {
                throw new ArgumentException($"Unknown role '{turn.Role}'.", nameof(turns));
            }

            ArgumentException.ThrowIfNullOrWhiteSpace(turn.Content, nameof(turns));
        }

        if (!ConversationId.IsValid(conversationId))
        {
            return null;
        }

        var key = KeyFor(conversationId);
        for (var attempt = 1; attempt <= MaxAppendAttempts; attempt++)
        {
            var (current, etag) = await dapr.GetStateAndETagAsync<Conversation?>(
                DaprComponents.StateStore, key, cancellationToken: cancellationToken);
            if (current is null || string.IsNullOrEmpty(etag) || !current.BelongsTo(userId))
            {
                return null;
            }

            var all = current.Turns.Concat(turns).ToList();
            var kept = all.Skip(Math.Max(0, all.Count - options.Value.MaxTurns)).ToList();
            var updated = current with { UpdatedAt = time.GetUtcNow(), Turns = kept };
            if (await dapr.TrySaveStateAsync(DaprComponents.StateStore, key, updated, etag,
                    metadata: TtlMetadata(options.Value), cancellationToken: cancellationToken))
            {
                return updated;
            }
        }

        throw new ConversationConflictException(conversationId, MaxAppendAttempts);
    }

    /// <summary>
    /// <see cref="ChatOptions.ConversationTtl"/> as state metadata, sent with every write of a conversation (and of the
    /// user's index): the store restarts the countdown, so the TTL runs from the last message.
    /// </summary>
    public static Dictionary<string, string> TtlMetadata(ChatOptions options) => new()
    {
        ["ttlInSeconds"] = Math.Max(1, (long)Math.Ceiling(options.ConversationTtl.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
    };
}
