namespace Growbin.WasteApi.Accounts;

/// <summary>
/// The per-user list of Idempotency-Key state keys (<c>idempotency-keys|{userId}</c>, a ServiceDefaults
/// <c>UserKeyIndex</c>): an entry lives as long as the key it names (<c>Waste:IdempotencyTtl</c>), and the daily scan
/// quota bounds how many a day brings, far below <see cref="MaxEntries"/>.
/// </summary>
public static class IdempotencyKeys
{
    public const string IndexName = "idempotency-keys";

    public const int MaxEntries = 1000;

    /// <summary>The state key of an Idempotency-Key: per user, so two users' keys never meet.</summary>
    public static string StateKeyFor(string userId, string idempotencyKey) => $"idempotency:{userId}:{idempotencyKey}";
}
