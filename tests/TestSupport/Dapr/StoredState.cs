namespace Growbin.TestSupport.Dapr;

/// <summary>One value in the in-memory state store: the bytes a real store would hold, its ETag and expiry.</summary>
internal sealed record StoredState(byte[] Value, string ETag, DateTimeOffset? ExpiresAt)
{
    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } at && at <= now;
}
