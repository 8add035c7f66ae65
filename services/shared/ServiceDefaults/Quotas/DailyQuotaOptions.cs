using System.ComponentModel.DataAnnotations;

namespace Growbin.ServiceDefaults.Quotas;

/// <summary>Configuration section <c>Quotas:{name}</c> of a quota registered with <see cref="DailyQuotaServiceCollectionExtensions.AddDailyQuota"/>.</summary>
public sealed class DailyQuotaOptions
{
    /// <summary>Units one user may use per UTC day; checked at start-up (an out-of-range value stops the app).</summary>
    [Range(typeof(long), "1", "1000000")]
    public long DailyLimit { get; set; }
}
