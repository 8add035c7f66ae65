using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Growbin.ChatLlm.CostGuard;

/// <summary>
/// Messages per user per minute (<c>Chat:MessagesPerMinute</c>), over HTTP and WebSocket alike: a sliding one-minute
/// window read from <see cref="TimeProvider"/>. It lives in each replica's memory, so with N replicas behind the
/// Ingress a user can get up to N× the limit in the worst case; the daily token quota, which is in the state store,
/// is the hard bound on what a user can spend.
/// </summary>
public sealed class ChatMessageLimiter(IOptions<ChatOptions> options, TimeProvider time)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>Users idle for a window are forgotten once this many are tracked.</summary>
    private const int PruneThreshold = 10_000;

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _sent = new(StringComparer.Ordinal);

    public int PerMinute => options.Value.MessagesPerMinute;

    /// <summary>Counts a message; null when it may go, else how long to wait until it could.</summary>
    public TimeSpan? TryAcquire(string userId)
    {
        var now = time.GetUtcNow();
        if (_sent.Count > PruneThreshold)
        {
            Prune(now);
        }

        var sent = _sent.GetOrAdd(userId, _ => new Queue<DateTimeOffset>());
        lock (sent)
        {
            while (sent.Count > 0 && now - sent.Peek() >= Window)
            {
                sent.Dequeue();
            }

            if (sent.Count >= PerMinute)
            {
                return sent.Peek() + Window - now;
            }

            sent.Enqueue(now);
            return null;
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (userId, sent) in _sent)
        {
            lock (sent)
            {
                if (sent.Count == 0 || now - sent.Last() >= Window)
                {
                    _sent.TryRemove(userId, out _);
                }
            }
        }
    }
}
