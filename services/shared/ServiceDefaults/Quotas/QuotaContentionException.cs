namespace Growbin.ServiceDefaults.Quotas;

/// <summary>A reservation lost every race for the day's count (many requests of one user at once): answer 503, retry soon.</summary>
public sealed class QuotaContentionException(string quota, int attempts)
    : Exception($"Daily quota '{quota}': the count changed under {attempts} attempts in a row.");
