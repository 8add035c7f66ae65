using System.Globalization;
using Dapr.Client;
using Growbin.ChatLlm.State;
using Growbin.Contracts;
using Microsoft.Extensions.Options;

namespace Growbin.ChatLlm.CostGuard;

/// <summary>
/// Each user's chat tokens per UTC day (<c>Chat:DailyTokenQuota</c>), in the state store so every replica sees the
/// same count: key <c>chat|quota|{userId}|{yyyy-MM-dd}</c>, kept two days. A message is refused once the day's
/// count has reached the quota; the answer that crosses it is still delivered, so a day can end at most one answer
/// (≤ the prompt plus <c>Chat:MaxOutputTokens</c>) over the quota.
/// </summary>
public sealed class ChatTokenQuota(DaprClient dapr, IOptions<ChatOptions> options, TimeProvider time, ILogger<ChatTokenQuota> logger)
{
    public const string KeyPrefix = "chat|quota|";

    private const int MaxAddAttempts = 8;

    private static readonly Dictionary<string, string> KeepTwoDays = new() { ["ttlInSeconds"] = "172800" };

    public long Quota => options.Value.DailyTokenQuota;

    public static string KeyFor(string userId, DateTimeOffset instant) =>
        $"{KeyPrefix}{userId}|{instant.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    /// <summary>Null while the user may still spend today; else the time left until the quota resets.</summary>
    public async Task<TimeSpan?> ExhaustedAsync(string userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var used = await dapr.GetStateAsync<long>(DaprComponents.StateStore, KeyFor(userId, now), cancellationToken: cancellationToken);
        return used >= Quota ? UntilMidnightUtc(now) : null;
    }

    /// <summary>
    /// Adds an answer's tokens to the user's day. A count that keeps losing races is logged and dropped rather than
    /// failing an answer already given.
    /// </summary>
    public async Task AddAsync(string userId, long tokens, CancellationToken cancellationToken)
    {
        if (tokens <= 0)
        {
            return;
        }

        if (!await StateUpdate.TryAsync<long>(dapr, KeyFor(userId, time.GetUtcNow()), used => used + tokens, KeepTwoDays,
                MaxAddAttempts, cancellationToken))
        {
            logger.LogWarning("Chat token quota of {UserId}: {Tokens} tokens not counted after {Attempts} lost races.", userId, tokens, MaxAddAttempts);
        }
    }

    public static TimeSpan UntilMidnightUtc(DateTimeOffset now) => now.UtcDateTime.Date.AddDays(1) - now.UtcDateTime;

    /// <summary>Deletes the user's counts of today and yesterday (the only ones still kept). Safe to repeat.</summary>
    public Task ForgetUserAsync(string userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return dapr.ExecuteStateTransactionAsync(DaprComponents.StateStore,
        [
            new StateTransactionRequest(KeyFor(userId, now), null, StateOperationType.Delete),
            new StateTransactionRequest(KeyFor(userId, now.AddDays(-1)), null, StateOperationType.Delete),
        ], cancellationToken: cancellationToken);
    }
}
