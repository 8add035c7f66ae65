using System.Globalization;
using Dapr.Client;
using Growbin.Contracts;
using Microsoft.Extensions.Options;

namespace Growbin.VisionAnalyzer.Cache;

/// <summary>
/// Model answers in the state store under <c>ai-cache:{sha256}:{model}:{promptVersion}</c> (contract rule 4): the same
/// photo, from anyone, with the same model and prompt, is classified once. Written before the activity answers, so a
/// crash between the model's answer and the pipeline's checkpoint costs no second call.
/// </summary>
public sealed class AiResultCache(DaprClient dapr, IOptions<AiCacheOptions> options)
{
    public static string KeyFor(string imageSha256, string model, string promptVersion) =>
        $"ai-cache:{imageSha256}:{model}:{promptVersion}";

    public static string MalformedKeyFor(string imageSha256, string model, string promptVersion) =>
        $"ai-malformed:{imageSha256}:{model}:{promptVersion}";

    public async Task<CachedClassification?> FindAsync(string key, CancellationToken cancellationToken) =>
        await dapr.GetStateAsync<CachedClassification?>(DaprComponents.StateStore, key, cancellationToken: cancellationToken);

    public Task SaveAsync(string key, CachedClassification value, CancellationToken cancellationToken) =>
        dapr.SaveStateAsync(DaprComponents.StateStore, key, value, metadata: Ttl(options.Value.Ttl), cancellationToken: cancellationToken);

    /// <summary>Remembers a malformed answer for the image; true when one was already remembered.</summary>
    public async Task<bool> MarkMalformedAsync(string key, CancellationToken cancellationToken)
    {
        var seen = await dapr.GetStateAsync<DateTimeOffset?>(DaprComponents.StateStore, key, cancellationToken: cancellationToken);
        if (seen is null)
        {
            await dapr.SaveStateAsync(DaprComponents.StateStore, key, DateTimeOffset.UtcNow,
                metadata: Ttl(options.Value.MalformedMemory), cancellationToken: cancellationToken);
        }

        return seen is not null;
    }

    private static Dictionary<string, string> Ttl(TimeSpan ttl) => new()
    {
        ["ttlInSeconds"] = ((long)Math.Ceiling(ttl.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
    };
}
