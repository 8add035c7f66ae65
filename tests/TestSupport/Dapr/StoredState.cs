using System.Globalization;

namespace Growbin.TestSupport.Dapr;

/// <summary>
/// One key in the in-memory state store, shaped like contrib's Redis hash (state/redis/redis.go): the bytes, the
/// per-key version that is its ETag (1 on creation, +1 per write), whether a first-write save marked it (the
/// "first-write" field), and its expiry.
/// </summary>
internal sealed record StoredState(byte[] Value, long Version, bool FirstWrite, DateTimeOffset? ExpiresAt)
{
    public string ETag => Version.ToString(CultureInfo.InvariantCulture);

    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } at && at <= now;
}
