using System.Globalization;
using System.Text.RegularExpressions;
using Dapr.Client;
using Growbin.Contracts;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Growbin.Location.Kakao;

/// <summary>
/// The Kakao half of a search: the cache, else Kakao's keyword search (up to <see cref="KakaoOptions.MaxResults"/>,
/// 15 a page), all within <see cref="KakaoOptions.Timeout"/>. Never throws for Kakao's sake: a missing or placeholder
/// key, 401, 429, a timeout, a malformed body or a binding error each become <see cref="KakaoSearchOutcome.Unavailable"/>
/// with the reason. Only complete answers are cached.
/// </summary>
public sealed partial class KakaoKeywordSearch(
    KakaoLocalClient kakao,
    KakaoSearchCache cache,
    DaprClient dapr,
    IOptions<KakaoOptions> options,
    ILogger<KakaoKeywordSearch> logger)
{
    /// <summary>The secret components/kakao-local.yaml sends as the Authorization header: <c>KakaoAK {REST API key}</c>.</summary>
    public const string AuthorizationSecret = "kakao-local-authorization";

    private const int PageSize = 15;

    private static readonly Counter Calls = Metrics.CreateCounter(
        "growbin_kakao_search_total",
        "Kakao Local keyword searches by outcome (ok, cached, or the reason it was unavailable).",
        new CounterConfiguration { LabelNames = ["outcome"] });

    public async Task<KakaoSearchOutcome> SearchAsync(string query, double? lat, double? lng, CancellationToken cancellationToken)
    {
        // The cell the key names is the position Kakao is asked about, so a cached answer is exactly what Kakao said there.
        var (cellLat, cellLng) = lat.HasValue && lng.HasValue
            ? (Math.Round(lat.Value, 3), Math.Round(lng.Value, 3))
            : ((double?)null, (double?)null);
        var key = KakaoSearchCache.Key(query, cellLat, cellLng);
        if (await cache.GetAsync(key, cancellationToken) is { } cached)
        {
            Calls.WithLabels("cached").Inc();
            return KakaoSearchOutcome.Found(cached, cached: true);
        }

        var outcome = await AskKakaoAsync(query, cellLat, cellLng, cancellationToken);
        Calls.WithLabels(outcome.Reason ?? "ok").Inc();
        if (outcome.Reason is null)
        {
            await cache.SetAsync(key, outcome.Places, cancellationToken);
        }

        return outcome;
    }

    private async Task<KakaoSearchOutcome> AskKakaoAsync(string query, double? lat, double? lng, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.Timeout);
        try
        {
            if (!await HasKeyAsync(deadline.Token))
            {
                return KakaoSearchOutcome.Unavailable(KakaoSearchOutcome.NotConfigured);
            }

            var wanted = Math.Clamp(settings.MaxResults, 1, 45);
            var size = Math.Min(PageSize, wanted);
            var radius = Math.Clamp(settings.RadiusMeters, 0, 20_000);
            var places = new List<KakaoPlace>();
            for (var page = 1; places.Count < wanted; page++)
            {
                var answer = await kakao.KeywordAsync(query, lat, lng, radius, page, size, deadline.Token);
                places.AddRange(answer.Places.Where(p => places.All(seen => seen.Id != p.Id)));
                if (answer.IsEnd || answer.Places.Count == 0)
                {
                    break;
                }
            }

            return KakaoSearchOutcome.Found(places.Take(wanted).ToList(), cached: false);
        }
        catch (Exception ex) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Kakao Local did not answer within {Timeout}", settings.Timeout);
            return KakaoSearchOutcome.Unavailable(KakaoSearchOutcome.TimedOut);
        }
        catch (KakaoResponseException ex)
        {
            logger.LogWarning(ex, "Kakao Local answered a body that is not its search JSON");
            return KakaoSearchOutcome.Unavailable(KakaoSearchOutcome.Malformed);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var status = (ex as KakaoStatusException)?.Status ?? StatusFromBindingError(ex);
            var reason = status switch
            {
                401 or 403 => KakaoSearchOutcome.Unauthorized,
                429 => KakaoSearchOutcome.RateLimited,
                _ => KakaoSearchOutcome.Failed,
            };
            logger.LogWarning(ex, "Kakao Local search failed ({Reason}, status {Status})", reason, status);
            return KakaoSearchOutcome.Unavailable(reason);
        }
    }

    // A missing secret, or the placeholder from secrets.example.json, means no key: no point asking Kakao.
    private async Task<bool> HasKeyAsync(CancellationToken cancellationToken)
    {
        try
        {
            var secret = await dapr.GetSecretAsync(DaprComponents.SecretStore, AuthorizationSecret, cancellationToken: cancellationToken);
            var value = secret.GetValueOrDefault(AuthorizationSecret) ?? secret.Values.FirstOrDefault();
            return value is not null && ConfiguredKey().IsMatch(value) && !value.Contains("replace-with", StringComparison.OrdinalIgnoreCase);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "The Kakao key ({Secret}) could not be read from the secret store", AuthorizationSecret);
            return false;
        }
    }

    // With errorIfNot2XX left at true the component reports "received status code 429" instead of answering.
    private static int? StatusFromBindingError(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (ReceivedStatus().Match(e.Message) is { Success: true } match)
            {
                return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    [GeneratedRegex(@"^KakaoAK \S+$")]
    private static partial Regex ConfiguredKey();

    [GeneratedRegex(@"received status code (\d{3})")]
    private static partial Regex ReceivedStatus();
}
