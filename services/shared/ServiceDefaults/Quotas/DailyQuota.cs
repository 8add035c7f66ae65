using System.Globalization;
using Dapr.Client;
using Growbin.Contracts;
using Growbin.ServiceDefaults.State;
using Microsoft.Extensions.Logging;

namespace Growbin.ServiceDefaults.Quotas;

/// <summary>
/// What one user may use per UTC day, counted in <c>statestore</c> so every replica sees the same count. Key
/// <c>{name}|{userId}|{yyyy-MM-dd}</c>, value the day's use so far (a JSON number), kept until the end of the next UTC
/// day (<c>ttlInSeconds</c> on every write), so on any day only today's and yesterday's keys exist.
/// <para>
/// A reservation is a read-modify-write with the ETag it read (the day's first one a create, <see cref="StateCreate"/>):
/// of two replicas taking the last unit at once one write is refused for its ETag, and the loser reads again and sees
/// the quota spent. A refused reservation writes nothing. Used by waste-api (scans), location (searches) and chat-llm
/// (tokens, reserved before the model call and settled after).
/// </para>
/// </summary>
public sealed class DailyQuota(DaprClient dapr, TimeProvider time, string name, Func<long> limit, ILogger logger)
{
    /// <summary>Lost races before a reservation gives up; every lost race is another writer's success.</summary>
    public const int MaxAttempts = 16;

    public string Name => name;

    /// <summary>The current daily limit (read on every reservation, so a reloaded setting applies at once).</summary>
    public long Limit => limit();

    public static string KeyFor(string name, string userId, DateOnly day) =>
        $"{name}|{userId}|{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    public string KeyFor(string userId, DateOnly day) => KeyFor(name, userId, day);

    public static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.UtcDateTime);

    /// <summary>The time left until the next UTC midnight (09:00 KST), when every count starts again.</summary>
    public static TimeSpan UntilNextDay(DateTimeOffset now) => now.UtcDateTime.Date.AddDays(1) - now.UtcDateTime;

    /// <summary>Today's use so far (0 when nothing was reserved today).</summary>
    public async Task<long> UsedAsync(string userId, CancellationToken cancellationToken) =>
        await dapr.GetStateAsync<long>(DaprComponents.StateStore, KeyFor(userId, DayOf(time.GetUtcNow())), cancellationToken: cancellationToken);

    /// <summary>
    /// Takes <paramref name="amount"/> from today's allowance if all of it fits. A store failure is a
    /// <see cref="Dapr.DaprException"/>; <see cref="MaxAttempts"/> lost races in a row a <see cref="QuotaContentionException"/>.
    /// </summary>
    public async Task<QuotaDecision> TryReserveAsync(string userId, long amount, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        var now = time.GetUtcNow();
        var day = DayOf(now);
        var key = KeyFor(userId, day);
        var max = Limit;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var (used, etag) = await dapr.GetStateAndETagAsync<long>(DaprComponents.StateStore, key, cancellationToken: cancellationToken);
            if (amount > max - used)
            {
                return new QuotaDecision(false, day, used, max, 0, UntilNextDay(now));
            }

            if (await dapr.TrySaveOrCreateStateAsync(DaprComponents.StateStore, key, used + amount, etag, TtlFor(day, now), cancellationToken))
            {
                return new QuotaDecision(true, day, used + amount, max, amount, UntilNextDay(now));
            }
        }

        throw new QuotaContentionException(name, MaxAttempts);
    }

    /// <summary>
    /// Adds <paramref name="delta"/> to the count of <paramref name="day"/> (negative gives back what a reservation did
    /// not use), never below 0. A day whose key is gone (expired, or the user deleted) is not created again to give
    /// back. False, logged, when every attempt lost a race; a store failure is thrown.
    /// </summary>
    public async Task<bool> AdjustAsync(string userId, DateOnly day, long delta, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var key = KeyFor(userId, day);
        if (delta == 0 || TtlFor(day, now) is null)
        {
            return true;
        }

        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var (used, etag) = await dapr.GetStateAndETagAsync<long>(DaprComponents.StateStore, key, cancellationToken: cancellationToken);
            if (delta < 0 && string.IsNullOrEmpty(etag))
            {
                return true;
            }

            if (await dapr.TrySaveOrCreateStateAsync(DaprComponents.StateStore, key, Math.Max(0, used + delta), etag, TtlFor(day, now), cancellationToken))
            {
                return true;
            }
        }

        logger.LogWarning("Daily quota {Quota} of {UserId}: a change of {Delta} was dropped after {Attempts} lost races.", name, userId, delta, MaxAttempts);
        return false;
    }

    /// <summary>Deletes the user's counts (today's and yesterday's, the only ones kept). Safe to repeat.</summary>
    public Task ForgetAsync(string userId, CancellationToken cancellationToken)
    {
        var today = DayOf(time.GetUtcNow());
        return dapr.ExecuteStateTransactionAsync(DaprComponents.StateStore,
        [
            new StateTransactionRequest(KeyFor(userId, today), null, StateOperationType.Delete),
            new StateTransactionRequest(KeyFor(userId, today.AddDays(-1)), null, StateOperationType.Delete),
        ], cancellationToken: cancellationToken);
    }

    /// <summary>Seconds until the end of the day after <paramref name="day"/>; null once that has passed.</summary>
    private static Dictionary<string, string>? TtlFor(DateOnly day, DateTimeOffset now)
    {
        var expires = new DateTimeOffset(day.AddDays(2).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var seconds = (long)Math.Ceiling((expires - now).TotalSeconds);
        return seconds <= 0 ? null : new Dictionary<string, string> { ["ttlInSeconds"] = seconds.ToString(CultureInfo.InvariantCulture) };
    }
}
