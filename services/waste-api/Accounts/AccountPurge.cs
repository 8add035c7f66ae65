using Growbin.ServiceDefaults.Quotas;
using Growbin.ServiceDefaults.State;

namespace Growbin.WasteApi.Accounts;

/// <summary>
/// What waste-api keeps of a user, deleted on <c>user-deleted</c>: the Idempotency-Keys of their submissions (found
/// through <see cref="IdempotencyKeys"/>, the per-user list kept next to them) and their daily scan counts. The raw
/// uploads are image-uploader's to delete, the scans scan-pipeline's. Deleting what is already gone changes nothing,
/// so a redelivery or a second event for the same user is harmless.
/// </summary>
public sealed class AccountPurge(
    [FromKeyedServices(IdempotencyKeys.IndexName)] UserKeyIndex idempotencyKeys,
    [FromKeyedServices(ScanSubmissions.QuotaName)] DailyQuota quota)
{
    public async Task ForgetAsync(string userId, CancellationToken cancellationToken)
    {
        var keys = await idempotencyKeys.ListAsync(userId, cancellationToken);
        await idempotencyKeys.DeleteWithAsync(userId, keys, cancellationToken);
        await quota.ForgetAsync(userId, cancellationToken);
    }
}
