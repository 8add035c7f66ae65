using System.Text;
using Dapr.Client;
using Growbin.ServiceDefaults.Quotas;
using Microsoft.Extensions.Options;

namespace Growbin.ChatLlm.CostGuard;

/// <summary>
/// Each user's chat tokens per UTC day (<c>Chat:DailyTokenQuota</c>), a <see cref="DailyQuota"/> with key
/// <c>chat|quota|{userId}|{yyyy-MM-dd}</c>. A turn reserves what its call could cost — the prompt estimate plus the
/// output cap — before the model is called, atomically (ETag read-modify-write), so parallel turns cannot together
/// pass the quota; after the call it settles to the usage the model reported and gives back the rest.
/// </summary>
public sealed class ChatTokenQuota(DaprClient dapr, IOptions<ChatOptions> options, TimeProvider time, ILogger<ChatTokenQuota> logger)
{
    public const string KeyPrefix = "chat|quota|";

    /// <summary>Tokens counted for each message's role and framing, and for priming the reply.</summary>
    public const int PerMessageTokens = 4;

    private readonly DailyQuota _quota = new(dapr, time, KeyPrefix.TrimEnd('|'), () => options.Value.DailyTokenQuota, logger);

    public long Quota => options.Value.DailyTokenQuota;

    public static string KeyFor(string userId, DateTimeOffset instant) =>
        DailyQuota.KeyFor(KeyPrefix.TrimEnd('|'), userId, DailyQuota.DayOf(instant));

    /// <summary>
    /// An estimate of a request's prompt tokens meant to be above the real count: one token per 3 UTF-8 bytes (a
    /// Hangul syllable is 3 bytes and at most about one token; English and JSON run about 4 characters a token),
    /// plus <see cref="PerMessageTokens"/> per message and once for the reply.
    /// </summary>
    public static long PromptEstimate(IEnumerable<string> messageTexts) =>
        PerMessageTokens + messageTexts.Sum(t => PerMessageTokens + ((Encoding.UTF8.GetByteCount(t) + 2) / 3));

    /// <summary>Null while the user has tokens left today; else the time left until the quota resets. A quick early refusal.</summary>
    public async Task<TimeSpan?> ExhaustedAsync(string userId, CancellationToken cancellationToken) =>
        await _quota.UsedAsync(userId, cancellationToken) >= Quota ? DailyQuota.UntilNextDay(time.GetUtcNow()) : null;

    /// <summary>Takes <paramref name="tokens"/> from today's quota if all of them fit (see <see cref="DailyQuota.TryReserveAsync"/>).</summary>
    public Task<QuotaDecision> TryReserveAsync(string userId, long tokens, CancellationToken cancellationToken) =>
        _quota.TryReserveAsync(userId, tokens, cancellationToken);

    /// <summary>
    /// Replaces a reservation with what the call used: gives back the difference, or adds the excess when the estimate
    /// was low. A count that keeps losing races is logged and dropped rather than failing an answer already given.
    /// </summary>
    public Task SettleAsync(string userId, QuotaDecision reservation, long used, CancellationToken cancellationToken) =>
        _quota.AdjustAsync(userId, reservation.Day, used - reservation.Reserved, cancellationToken);

    public static TimeSpan UntilMidnightUtc(DateTimeOffset now) => DailyQuota.UntilNextDay(now);

    /// <summary>Deletes the user's counts of today and yesterday (the only ones still kept). Safe to repeat.</summary>
    public Task ForgetUserAsync(string userId, CancellationToken cancellationToken) => _quota.ForgetAsync(userId, cancellationToken);
}
