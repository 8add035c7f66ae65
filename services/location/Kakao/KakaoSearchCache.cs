using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapr.Client;
using Growbin.Contracts;
using Microsoft.Extensions.Options;

namespace Growbin.Location.Kakao;

/// <summary>
/// Kakao answers kept in the state store (<c>statestore</c>) for <see cref="KakaoOptions.CacheTtl"/> (state metadata
/// <c>ttlInSeconds</c>), keyed by the normalised query and the rounded position. A cache that cannot be read or written
/// is only a miss: the search goes on without it.
/// </summary>
public sealed class KakaoSearchCache(DaprClient dapr, IOptions<KakaoOptions> options, ILogger<KakaoSearchCache> logger)
{
    /// <summary>
    /// <c>kakao-search:v1:{lat},{lng}:{sha256(query)}</c>. The query is already trimmed with single spaces; letters are
    /// lower-cased here (Kakao's search ignores case). Hashing keeps any text out of the key (no <c>||</c>, bounded length).
    /// </summary>
    public static string Key(string query, double? lat, double? lng)
    {
        var position = lat.HasValue && lng.HasValue
            ? string.Create(CultureInfo.InvariantCulture, $"{lat.Value:0.000},{lng.Value:0.000}")
            : "anywhere";
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(query.ToLowerInvariant())));
        return $"kakao-search:v1:{position}:{hash[..32]}";
    }

    public async Task<IReadOnlyList<KakaoPlace>?> GetAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            return await dapr.GetStateAsync<List<KakaoPlace>?>(DaprComponents.StateStore, key, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Kakao search cache read failed for {Key}; asking Kakao", key);
            return null;
        }
    }

    public async Task SetAsync(string key, IReadOnlyList<KakaoPlace> places, CancellationToken cancellationToken)
    {
        var ttl = ((long)options.Value.CacheTtl.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        try
        {
            await dapr.SaveStateAsync(DaprComponents.StateStore, key, places.ToList(),
                metadata: new Dictionary<string, string> { ["ttlInSeconds"] = ttl }, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Kakao search cache write failed for {Key}", key);
        }
    }
}
